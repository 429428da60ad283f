# Reference smooth-term designs from mgcv, as brms uses them: for each case, mgcv's basis and penalty as its
# smooth.construct method makes them (X, S), then brms's fixed and random parts (Xf -> Xs / bs_, Zs -> s_),
# which brms gets from mgcv::smoothCon(..., absorb.cons = TRUE, diagonal.penalty = TRUE) and
# mgcv::smooth2random(..., type = 2), checked here against brms::make_standata, and the same parts at new x
# (inside and outside the observed range) as brms predicts them (brms:::s2rPred over mgcv::PredictMat).
# Run once from this folder: Rscript make_smooth_bases.R
# Writes smooth_data.csv, smooth_newdata.csv and one CASE.csv per case in long form (matrix,row,col,value).
suppressPackageStartupMessages({library(mgcv); library(brms)})
set.seed(20261207)
n <- 80
d <- data.frame(x = round(runif(n, 0, 10), 2), f = factor(sample(c("a", "b", "c"), n, replace = TRUE)), z = 1 + (0:(n - 1)) %% 20)
d$y <- sin(d$x) + rnorm(n, 0, 0.3)
newd <- data.frame(x = c(-1.5, 0, 0.37, 2.5, 5.55, 9.99, 10, 12.25), f = factor(c("a", "b", "c", "a", "b", "c", "a", "b"), levels = c("a", "b", "c")),
                   z = c(-3, 1, 2.5, 7, 10.5, 19, 20, 26))
num <- function(v) sprintf("%.17g", v)
long <- function(name, m) { m <- as.matrix(m); if (!length(m)) return(NULL)
  data.frame(matrix = name, row = rep(seq_len(nrow(m)), ncol(m)), col = rep(seq_len(ncol(m)), each = nrow(m)), value = num(as.vector(m))) }
cases <- list(
  tp = list(term = quote(s(x)), formula = y ~ s(x)),
  tp_k5 = list(term = quote(s(x, k = 5)), formula = y ~ s(x, k = 5)),
  tp_even = list(term = quote(s(z, k = 6)), formula = y ~ s(z, k = 6)),
  tp_knots = list(term = quote(s(z, k = 20)), formula = y ~ s(z, k = 20)),
  cr = list(term = quote(s(x, bs = "cr")), formula = y ~ s(x, bs = "cr")),
  cr_k6 = list(term = quote(s(x, bs = "cr", k = 6)), formula = y ~ s(x, bs = "cr", k = 6)),
  tp_by = list(term = quote(s(x, by = f)), formula = y ~ f + s(x, by = f)),
  cr_by = list(term = quote(s(x, bs = "cr", k = 7, by = f)), formula = y ~ f + s(x, bs = "cr", k = 7, by = f)))
for (name in names(cases)) {
  spec <- eval(cases[[name]]$term)
  raw <- smooth.construct(spec, d, NULL)              # the basis and penalty as constructed
  sm <- brms:::smoothCon(spec, data = d, knots = NULL, absorb.cons = TRUE, diagonal.penalty = TRUE)
  sdata <- make_standata(cases[[name]]$formula, data = d)
  out <- list(long("X", raw$X), long("S", raw$S[[1]]))
  xs <- list()
  for (j in seq_along(sm)) {
    re <- mgcv::smooth2random(sm[[j]], names(d), type = 2)
    stopifnot(max(abs(re$rand[[1]] - sdata[[paste0("Zs_", j, "_1")]])) < 1e-12)
    xs[[j]] <- re$Xf
    pred <- brms:::s2rPred(sm[[j]], newd)
    out <- c(out, list(long(paste0("Xf_", j), re$Xf), long(paste0("Zs_", j), re$rand[[1]]),
                       long(paste0("new_Xf_", j), pred$Xf), long(paste0("new_Zs_", j), pred$rand[[1]])))
  }
  stopifnot(max(abs(do.call(cbind, xs) - sdata$Xs)) < 1e-12)
  write.csv(do.call(rbind, out), paste0(name, ".csv"), row.names = FALSE, quote = FALSE)
  cat(name, ": Xs columns", paste(colnames(sdata$Xs), collapse = " "), "\n")
}
write.csv(data.frame(x = num(d$x), f = d$f, z = num(d$z)), "smooth_data.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(x = num(newd$x), f = newd$f, z = num(newd$z)), "smooth_newdata.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\nmgcv", as.character(packageVersion("mgcv")), "brms", as.character(packageVersion("brms")),
    "\ndate", format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "\n")
