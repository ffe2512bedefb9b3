"""Cases: alerts of one control group on one day gathered into one case, and the work on it."""


def file_alert(alert):
    """Put a newly raised alert into the case of its group and day, opening the case when there is none.

    Called inside the transaction that stores the alert.
    """
