# The farm's builds: each mode's time over the two-CPU local build of the same compiler (1 is
# the physical limit, below it impossible), clustered by mode, a bar per build and link.
# Variables: datafile (a header line "mode BUILD/LINK...", then a mode per line), outfile.
set terminal svg size 900,440 font "sans,11"
set output outfile
set title "Two nodes, one CPU each: build time × the two-CPU limit (lower is better)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set ylabel "× the two-CPU local build"
set yrange [0:*]
set xtics rotate by -25
set grid ytics
set key outside right top
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb "#aa0000" dt 2
columns = system("head -1 '" . datafile . "' | wc -w") + 0
plot for [i=2:columns] datafile using i:xtic(1) title columnheader(i)
