# W1: ranked bars of 12 sector growth rates with Chinese names. gnuplot -e "data=…; out=…; fmt=…" w1.gp
width = 1600; height = 900
load dir . "/common.gp"
set title "2023年主要领域增长速度"
set style fill solid
set yrange [-0.6:11.6]
set xrange [0:70]
set xlabel "%"
set grid xtics
unset key
plot data using (0):0:(0):2:($0-0.35):($0+0.35):ytic(1) with boxxyerror lc rgb "#0072b2", \
     data using 2:0:(sprintf("%.1f%%", $2)) with labels left offset 0.5,0
