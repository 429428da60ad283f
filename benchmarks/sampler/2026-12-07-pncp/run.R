# Partially non-centred (per-level weights) grouseticks in Stan: Rscript benchmarks/sampler/2026-12-07-pncp/run.R SCHEME SEEDS [x] (from the repository root).
# SCHEME: nested (the engine's default form), none, oracle (weights from the posterior-mean sds), est (from the Laplace estimate's sds), unit (sds 1), nestedI, oracleBL.
suppressMessages({library(rstan); library(posterior)}); rstan::rstan_options(boost_lib = "/usr/include")
args <- commandArgs(TRUE); scheme <- args[1]; seeds <- as.integer(strsplit(args[2], ",")[[1]])
covariate <- length(args) >= 3 && args[3] == "x"  # cHEIGHT (constant within a location) in the location means: pncpx.stan
d <- read.csv("models/grouseticks.csv")
d$BROOD <- factor(d$BROOD); d$LOCATION <- factor(d$LOCATION)
bi <- as.integer(d$BROOD); li <- as.integer(d$LOCATION)
NB <- nlevels(d$BROOD); NL <- nlevels(d$LOCATION)
loc <- integer(NB); loc[bi] <- li
X <- cbind(d$YEAR == 96, d$YEAR == 97, d$cHEIGHT); X[,1:2] <- X[,1:2] * 1.0
X <- sweep(X, 2, colMeans(X))
weights <- function(s) {  # s = c(I, B, L)
  tI <- d$TICKS
  wI <- tI / (tI + 1 / s[1]^2)
  tB <- as.numeric(tapply(tI / (1 + tI * s[1]^2), bi, sum))
  wB <- tB / (tB + 1 / s[2]^2)
  tL <- as.numeric(tapply(tB / (1 + tB * s[2]^2), loc, sum))
  wL <- tL / (tL + 1 / s[3]^2)
  list(wI = wI, wB = wB, wL = wL)
}
w <- switch(scheme,
  nested = list(wI = rep(0, nrow(d)), wB = rep(1, NB), wL = rep(0, NL)),
  none = list(wI = rep(0, nrow(d)), wB = rep(0, NB), wL = rep(0, NL)),
  oracle = weights(c(0.55, 0.8, 0.52)),
  est = weights(c(0.5415, 0.7500, 0.5287)),
  unit = weights(c(1, 1, 1)),
  nestedI = { x <- weights(c(0.55, 0.8, 0.52)); list(wI = x$wI, wB = rep(1, NB), wL = rep(0, NL)) },
  oracleBL = { x <- weights(c(0.55, 0.8, 0.52)); list(wI = rep(0, nrow(d)), wB = x$wB, wL = x$wL) })
cat(scheme, "wI", round(quantile(w$wI, c(0, .5, 1)), 2), "wB", round(quantile(w$wB, c(0, .5, 1)), 2), "wL", round(quantile(w$wL, c(0, .5, 1)), 2), "\n")
sm <- stan_model(if (covariate) "benchmarks/sampler/2026-12-07-pncp/pncpx.stan" else "benchmarks/sampler/2026-12-07-pncp/pncp.stan", auto_write = TRUE)
dat <- c(list(N = nrow(d), NB = NB, NL = NL, y = d$TICKS, brood = bi, loc = loc, X = X), w)
if (covariate) dat$xl <- as.numeric(tapply(X[, 3], li, mean))
for (s in seeds) {
  t0 <- Sys.time()
  f <- sampling(sm, data = dat, chains = 4, iter = 2000, warmup = 1000, seed = s, refresh = 0, cores = 1,
                pars = c("Intercept", "b", "sdI", "sdB", "sdL", "L", "B", "lp__"))
  dt <- as.numeric(Sys.time() - t0, units = "secs")
  sm2 <- as.data.frame(summarise_draws(as_draws_array(as.array(f)), "rhat", "ess_bulk", "ess_tail")); sm2$rhat <- as.numeric(sm2$rhat); sm2$ess_bulk <- as.numeric(sm2$ess_bulk); sm2$ess_tail <- as.numeric(sm2$ess_tail)
  div <- sum(get_divergent_iterations(f))
  sds <- sm2[sm2$variable %in% c("sdI", "sdB", "sdL"), ]
  cat(sprintf("%s seed %d: %.0fs div %d maxRhat %.4f (%s) minBulk %.0f (%s) minTail %.0f | sd bulk I/B/L %s\n", scheme, s, dt, div,
      max(sm2$rhat), sm2$variable[which.max(sm2$rhat)], min(sm2$ess_bulk), sm2$variable[which.min(sm2$ess_bulk)], min(sm2$ess_tail),
      paste(round(sds$ess_bulk), collapse = "/")))
}
