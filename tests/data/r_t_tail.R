# 2 * pt(-|t|, df) from R 4.2.2: Rscript tests/data/r_t_tail.R > tests/data/r_t_tail.out
options(digits=17)
for (df in c(1,2,3,6,11,19,59,500,4999,99999)) for (t in c(0.001, 0.5, 1.2, 2.0, 2.9248, 7, 38.8, 158.1)) cat(df, t, 2*pt(-abs(t), df), "\n")
