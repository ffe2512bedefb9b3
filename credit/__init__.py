"""Credit records: each enterprise's credit file, its explainable score and grade, and their effects."""
