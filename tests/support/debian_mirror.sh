#!/bin/bash
# Prints the Debian mirror this machine's apt uses (deb822 sources first, then sources.list),
# else deb.debian.org: the bases and roots the tests bootstrap come from the same mirror.
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
mirror=${mirror:-$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list 2>/dev/null)}
echo "${mirror:-http://deb.debian.org/debian}"
