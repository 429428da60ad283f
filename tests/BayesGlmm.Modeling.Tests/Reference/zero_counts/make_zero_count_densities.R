# Reference log densities of the zero-inflated and hurdle count families at random points, written exactly as
# brms 2.18 writes them in its Stan functions (zero_inflated_poisson_log_lpmf, zero_inflated_neg_binomial_log_lpmf,
# hurdle_poisson_log_lpmf, hurdle_neg_binomial_log_lpmf) with R's dpois and dnbinom, and checked against brms's own
# R densities (brms::dzero_inflated_poisson, ...). Run once from this folder:
#   Rscript make_zero_count_densities.R
# It writes zero_count_densities.csv (family, y, eta, shape, p, log_density) and prints the versions for PROVENANCE.md.
suppressPackageStartupMessages(library(brms))
set.seed(20261124)

log_sum_exp <- function(a, b) { m <- pmax(a, b); m + log(exp(a - m) + exp(b - m)) }
log1m_exp <- function(a) ifelse(a > -log(2), log(-expm1(a)), log1p(-exp(a)))

# zero_inflated_poisson_log_lpmf(y | eta, zi)
zip <- function(y, eta, zi) ifelse(y == 0,
  log_sum_exp(dbinom(1, 1, zi, log = TRUE), dbinom(0, 1, zi, log = TRUE) + dpois(0, exp(eta), log = TRUE)),
  dbinom(0, 1, zi, log = TRUE) + dpois(y, exp(eta), log = TRUE))
# zero_inflated_neg_binomial_log_lpmf(y | eta, shape, zi)
zinb <- function(y, eta, shape, zi) ifelse(y == 0,
  log_sum_exp(dbinom(1, 1, zi, log = TRUE), dbinom(0, 1, zi, log = TRUE) + dnbinom(0, size = shape, mu = exp(eta), log = TRUE)),
  dbinom(0, 1, zi, log = TRUE) + dnbinom(y, size = shape, mu = exp(eta), log = TRUE))
# hurdle_poisson_log_lpmf(y | eta, hu)
hp <- function(y, eta, hu) ifelse(y == 0,
  dbinom(1, 1, hu, log = TRUE),
  dbinom(0, 1, hu, log = TRUE) + dpois(y, exp(eta), log = TRUE) - log1m_exp(-exp(eta)))
# hurdle_neg_binomial_log_lpmf(y | eta, shape, hu): log1m((shape / (exp(eta) + shape))^shape)
hnb <- function(y, eta, shape, hu) ifelse(y == 0,
  dbinom(1, 1, hu, log = TRUE),
  dbinom(0, 1, hu, log = TRUE) + dnbinom(y, size = shape, mu = exp(eta), log = TRUE) - log1p(-(shape / (exp(eta) + shape))^shape))

n <- 60
rows <- list()
for (family in c("zero_inflated_poisson", "zero_inflated_negbinomial", "hurdle_poisson", "hurdle_negbinomial")) {
  eta <- runif(n, -4, 4)
  shape <- exp(runif(n, log(0.2), log(50)))
  p <- plogis(runif(n, -5, 5))
  # A third of the points are zeros; the rest counts around the mean, a few far in the tail.
  y <- ifelse(runif(n) < 1/3, 0, pmax(1, rpois(n, exp(eta) * exp(runif(n, -1, 1.5)))))
  nb <- grepl("negbinomial", family)
  if (!nb) shape[] <- NA
  ld <- switch(family,
    zero_inflated_poisson = zip(y, eta, p),
    zero_inflated_negbinomial = zinb(y, eta, shape, p),
    hurdle_poisson = hp(y, eta, p),
    hurdle_negbinomial = hnb(y, eta, shape, p))
  check <- switch(family,
    zero_inflated_poisson = dzero_inflated_poisson(y, exp(eta), p, log = TRUE),
    zero_inflated_negbinomial = dzero_inflated_negbinomial(y, exp(eta), shape, p, log = TRUE),
    hurdle_poisson = dhurdle_poisson(y, exp(eta), p, log = TRUE),
    hurdle_negbinomial = dhurdle_negbinomial(y, exp(eta), shape, p, log = TRUE))
  stopifnot(max(abs(ld - check) / pmax(1, abs(ld))) < 1e-10)
  rows[[family]] <- data.frame(family = family, y = y, eta = eta, shape = shape, p = p, log_density = ld)
}
out <- do.call(rbind, rows)
num <- function(v) ifelse(is.na(v), "NA", sprintf("%.17g", v))
for (col in c("y", "eta", "shape", "p", "log_density")) out[[col]] <- num(out[[col]])
write.csv(out, "zero_count_densities.csv", row.names = FALSE, quote = FALSE)
cat(R.version.string, "\nbrms", as.character(packageVersion("brms")), "\ndate", format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "\n")
