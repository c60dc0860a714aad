// Part of a harmless teaching fixture (hooklab): lib/generated.js is written here at install.
