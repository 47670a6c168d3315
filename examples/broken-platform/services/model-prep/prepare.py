print("preparing models")
