// Part of a harmless teaching fixture (hooklab).
exports.greet = (who) => `hello, ${who}! (hooklab-own-runtime-hello)`;
