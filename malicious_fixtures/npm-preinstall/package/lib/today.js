// Part of a harmless teaching fixture (hooklab).
exports.today = () => new Date().toISOString().slice(0, 10);
