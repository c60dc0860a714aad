"""One module a lab: `LAB = LabSpec(...)` with the lab's tasks and their checks."""
