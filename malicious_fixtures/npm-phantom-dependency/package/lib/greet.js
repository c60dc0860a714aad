// Part of a harmless teaching fixture (hooklab).
exports.greet = (who) => `hello, ${who}! (hooklab-phantom-hello)`;
