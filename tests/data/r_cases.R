# R 4.2.2 (Debian 12 r-base-core) figures for issue 14: Rscript tests/data/r_cases.R > tests/data/r_cases.out
options(digits = 15)
show <- function(label, post, pre, ...) {
  cat("==", label, "\n")
  r <- withCallingHandlers(
    tryCatch(wilcox.test(post, pre, paired = TRUE, conf.int = TRUE, ...),
             error = function(e) { cat("ERROR:", conditionMessage(e), "\n"); NULL }),
    warning = function(w) { cat("WARNING:", conditionMessage(w), "\n"); invokeRestart("muffleWarning") })
  if (!is.null(r)) {
    cat("V =", format(unname(r$statistic), digits = 17), " p =", format(r$p.value, digits = 17),
        " method =", r$method, "\n")
    cat("est =", format(unname(r$estimate), digits = 17), " ci =", format(r$conf.int, digits = 17),
        " conf.level =", format(attr(r$conf.int, "conf.level"), digits = 17), "\n")
    print(r)
  }
  tt <- tryCatch(t.test(post, pre, paired = TRUE), error = function(e) { cat("t.test ERROR:", conditionMessage(e), "\n"); NULL })
  if (!is.null(tt)) cat("t =", format(unname(tt$statistic), digits=17), "df =", tt$parameter, "p =", format(tt$p.value, digits=17), "\n")
}
show("decimal2", c(5.1, 2.0), c(4.0, 3.1))
show("decimal7", c(10.4, 3.6, 3.8, 2.5, 5.5, 7.7, 4.1), c(7.9, 2.7, 4.5, 1.1, 5.2, 6.9, 2.7))
show("v501", 1:501, rep(0, 501))
show("hl_flat", c(1, 1, 3), c(0, 0, 0))
show("unreach5", 1:5, rep(0, 5))
show("allequal", c(2, 2, 2, 3), c(0, 0, 0, 1))
show("allequal_zero", c(2, 2, 2, 1), c(0, 0, 0, 1))
i <- 0:99999
d <- (i %% 7) - 2
show("n100k", d, rep(0, 100000))
# exact-decimal versions (what oxytimer computes)
cat("==== exact decimals\n")
ex <- function(label, post, pre, k) { d <- (round(post * 10^k) - round(pre * 10^k)) / 10^k; show(label, d, rep(0, length(d))) }
ex("decimal2_exact", c(5.1, 2.0), c(4.0, 3.1), 1)
ex("decimal7_exact", c(10.4, 3.6, 3.8, 2.5, 5.5, 7.7, 4.1), c(7.9, 2.7, 4.5, 1.1, 5.2, 6.9, 2.7), 1)
