"""Report formats (报告格式): the folders of settings and Jinja templates a bureau edits, found,
merged with what they extend, checked; and the sandbox their templates run in."""
