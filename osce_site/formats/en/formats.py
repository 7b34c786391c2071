# English as the organisation writes it: day, month, year ("23 September 2004"). Every
# other format, and every other language, is Django's own.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
