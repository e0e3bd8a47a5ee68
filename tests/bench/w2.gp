# W2: GDP growth by quarter, columns with value labels and the dashed 6% target line.
width = 1600; height = 900
load dir . "/common.gp"
set title "2023年地区生产总值增长"
set style fill solid
set boxwidth 0.6
set yrange [0:7]
set ylabel "%"
set grid ytics
unset key
set arrow from graph 0, first 6 to graph 1, first 6 nohead dt 2 lw 2 lc rgb "#c01c28"
set label "2024年目标 6%" at graph 1, first 6.15 right tc rgb "#c01c28"
set label "来源：武汉市政府工作报告（2024年）" at screen 0.01, screen 0.02 font ",9"
plot data using 0:2:xtic(1) with boxes lc rgb "#0072b2", \
     data using 0:2:(sprintf("%.1f%%", $2)) with labels offset 0,1
