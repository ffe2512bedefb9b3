"""Trading terms by grade: deposit ratio, maximum open order value, open-account limit, and who may not trade."""
