# HARMLESS TEACHING FIXTURE (hooklab): package marker for the build hook module beside it.
