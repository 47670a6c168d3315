Mac OS X
