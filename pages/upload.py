from lib import ui

ui.header("upload")
ui.planned("upload")
