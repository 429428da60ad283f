# A simulated GAMM, y = 1 + f(x) + r_g + e with f(x) = sin(x) + 0.3 x on (0, 10), 20 groups (r_g ~ N(0, 0.7^2)),
# e ~ N(0, 0.5^2), 300 rows (seed 20261207), written to models/gamm.csv; then a long brms/Stan run of
# y ~ 0 + Intercept + s(x) + (1 | g) with b ~ normal(0, 5) (covering bs_sx_1), sds, sd and sigma ~ student_t(3, 0, 2.5):
# 4 chains x 5000 draws after 1000 warmup, adapt_delta 0.95, seed 2. Writes gamm.reference.csv (every parameter) and
# gamm_curve.reference.csv: the smooth's contribution f(x) = Xs bs + Zs s at 41 grid points x = 0, 0.25, ..., 10
# (brms::posterior_smooths), which does not depend on the signs of the basis columns.
# Usage (from this folder): Rscript brms_gamm.R
suppressMessages({library(brms); library(posterior)}); rstan::rstan_options(boost_lib = "/usr/include")
set.seed(20261207)
n <- 300; groups <- 20
g <- sprintf("g%02d", rep(seq_len(groups), length.out = n))
r <- rnorm(groups, 0, 0.7)
x <- round(runif(n, 0, 10), 3)
y <- 1 + sin(x) + 0.3 * x + r[as.integer(factor(g))] + rnorm(n, 0, 0.5)
dat <- data.frame(y = round(y, 4), x = x, g = g)
write.csv(dat, "../../../../models/gamm.csv", row.names = FALSE)
dat <- read.csv("../../../../models/gamm.csv", stringsAsFactors = TRUE)
tidy <- function(s) { d <- data.frame(variable = s$variable); for (k in setdiff(names(s), "variable")) d[[k]] <- as.numeric(unclass(s[[k]]))
  names(d) <- sub("^5%$", "q5", sub("^50%$", "q50", sub("^95%$", "q95", names(d)))); d }
prior <- c(prior(normal(0, 5), class = b), prior(student_t(3, 0, 2.5), class = sds), prior(student_t(3, 0, 2.5), class = sd),
           prior(student_t(3, 0, 2.5), class = sigma))
fit <- brm(y ~ 0 + Intercept + s(x) + (1 | g), data = dat, family = gaussian(), prior = prior,
           chains = 4, cores = 2, iter = 6000, warmup = 1000, seed = 2, refresh = 0, silent = 2, control = list(adapt_delta = 0.95))
summ <- function(dr) tidy(summarise_draws(dr, "mean", "sd", ~quantile(.x, probs = c(0.05, 0.5, 0.95)), "mcse_mean", "mcse_sd", ess_bulk, ess_tail, rhat))
dr <- as_draws_df(fit); dr <- subset_draws(dr, variable = grep("^(b_|bs_|sds_|s_|sd_|sigma|r_)", variables(dr), value = TRUE))
s <- summ(dr)
write.csv(s, "gamm.reference.csv", row.names = FALSE)
grid <- data.frame(x = seq(0, 10, by = 0.25))
curve <- posterior_smooths(fit, smooth = "s(x)", newdata = grid)
colnames(curve) <- sprintf("f[%d]", seq_len(ncol(curve)))
nd <- ndraws(fit)
cd <- as_draws_array(array(curve, dim = c(nd / 4, 4, ncol(curve)), dimnames = list(NULL, NULL, colnames(curve))))  # draws are in chain order
cs <- summ(cd)
cs$x <- grid$x
write.csv(cs, "gamm_curve.reference.csv", row.names = FALSE)
np <- nuts_params(fit)
cat("gamm max rhat", max(s$rhat), "min ess", min(s$ess_bulk), "divergences", sum(np$Value[np$Parameter == "divergent__"]), "\n")
cat(R.version.string, "\nbrms", as.character(packageVersion("brms")), "rstan", as.character(packageVersion("rstan")),
    "mgcv", as.character(packageVersion("mgcv")), "posterior", as.character(packageVersion("posterior")),
    "\ndate", format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "\n")
