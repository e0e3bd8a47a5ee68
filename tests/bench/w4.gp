# W4: a 100-page PDF: a title page and 99 small W2 charts.
width = 800; height = 450
load dir . "/common.gp"
unset border; unset tics; unset key
set label 1 "基准：100页" at graph 0.1, graph 0.5 font ",24"
plot [0:1][0:1] NaN
unset label 1
set border; set tics; set xtics nomirror; set ytics nomirror
set style fill solid
set boxwidth 0.6
set yrange [0:7]
set grid ytics
set title "2023年地区生产总值增长"
set arrow from graph 0, first 6 to graph 1, first 6 nohead dt 2 lw 2 lc rgb "#c01c28"
set label "2024年目标 6%" at graph 1, first 6.15 right tc rgb "#c01c28"
do for [i = 1:99] {
  plot data using 0:2:xtic(1) with boxes lc rgb "#0072b2", \
       data using 0:2:(sprintf("%.1f%%", $2)) with labels offset 0,1
}
