# Shared by the gnuplot workloads: the terminal for fmt ("png" or "pdf") at the size asked.
if (fmt eq "png") {
  set terminal pngcairo size width, height font "Noto Sans CJK SC,12"
} else {
  set terminal pdfcairo size (width / 100.0), (height / 100.0) font "Noto Sans CJK SC,10"
}
set output out
