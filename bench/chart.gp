# Per-job times of bench/run's worker benchmark: median bars with min-max error bars.
# Variables: datafile (name median min max per line), outfile.
set terminal svg size 800,420 font "sans,11"
set output outfile
set title "distcc hello-world: milliseconds per job (median, min–max)"
set style data histogram
set style fill solid 0.7 border -1
set boxwidth 0.6
set logscale y
set ylabel "ms per job (log scale)"
set xtics rotate by -25
set grid ytics
unset key
plot datafile using 0:2:3:4:xtic(1) with boxerrorbars lc rgb "#3b6ea5"
