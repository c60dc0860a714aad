// Part of a harmless teaching fixture (hooklab): nothing here; nobody requires this package.
module.exports = {};
