"""What other tools know about an account, read into changes for the map: CRM exports and calendars.

`crm` turns a contacts export (CSV) into people to add and fields to
update; `calendar` turns an iCalendar export into meetings, and meetings
into `last` dates on the `knows` lines. Bytes in, changes and reports
out: no I/O (the command line reads the files and writes the map through
`edit`).
"""
