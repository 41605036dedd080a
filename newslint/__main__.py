from newslint.cli import entry

entry()
