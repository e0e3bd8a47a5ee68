# W3: a 1,000,000-point line.
width = 1600; height = 900
load dir . "/common.gp"
set datafile separator ","
set title "w3.csv"
unset key
plot data using 1:2 every ::1 with lines lw 0.8 lc rgb "#0072b2"
