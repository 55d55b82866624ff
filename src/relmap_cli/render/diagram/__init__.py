"""The picture of a map: an org chart of the client, our team beneath, the lines between.

`scene` says what to draw, `layout` where: pure geometry shared by the SVG and
HTML writers.
"""
