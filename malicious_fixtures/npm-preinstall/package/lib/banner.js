// Part of a harmless teaching fixture (hooklab).
exports.banner = (name) => `${name}: ready`;
