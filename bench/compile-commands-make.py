"""Writes a Makefile that builds every unit of a compile_commands.json, one rule per object,
so that `make -jN CXX=...` builds a C++ code base through any compiler wrapper (distcc,
icecc, distcc-pump) the way a project's own build would, and `make clean` removes the objects.

The commands carry shell quoting (-DX="','"): make hands each recipe line to the shell, which
reads it as CMake wrote it (word splitting alone would not). The compiler, the command's first
word, becomes $(CXX) (or $(CC) for C units); a dollar sign is doubled for make.
Usage: compile-commands-make.py COMPILE_COMMANDS.json MAKEFILE [LIMIT]
   (LIMIT: only the first LIMIT units, for a smoke run)"""
import json
import shlex
import sys

commands_path, makefile_path = sys.argv[1:3]
limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
units = json.load(open(commands_path))
units = units[:limit]

rules, objects = [], []
for unit in units:
    command = unit.get("command") or shlex.join(unit["arguments"])
    compiler, _, rest = command.partition(" ")
    variable = "$(CC)" if unit["file"].endswith(".c") else "$(CXX)"
    words = shlex.split(rest)
    output = words[words.index("-o") + 1]
    target = output if output.startswith("/") else f"{unit['directory']}/{output}"
    objects.append(target)
    rules.append(f"{target}:\n\tcd {shlex.quote(unit['directory'])} && "
                 f"{variable} {rest.replace('$', '$$')}\n")

with open(makefile_path, "w") as out:
    out.write(f"# Written by bench/compile-commands-make.py from {commands_path}\n")
    out.write("CC = cc\nCXX = c++\n.PHONY: all clean\n")
    out.write("all: " + " ".join(objects) + "\n\n")
    out.write("".join(rules))
    out.write("\nclean:\n\trm -f " + " ".join(objects) + "\n")
print(len(objects))
