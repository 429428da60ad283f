# Long brms/Stan reference runs of the zero-inflated and hurdle families on glmmTMB's Salamanders
# (models/salamanders.csv, written by export_salamanders.R): count ~ 0 + Intercept + spp + mined + (1 | site),
# b ~ normal(0, 5), sd ~ student_t(3, 0, 2.5), zi/hu ~ beta(1, 1) and shape ~ gamma(0.01, 0.01) (brms's defaults,
# written out). 4 chains x 5000 draws after 1000 warmup, adapt_delta 0.95, seed 2, as the other references.
# Usage (from this folder): Rscript brms_zero_counts.R [FAMILY ...]; writes salamanders_FAMILY.reference.csv.
suppressMessages({library(brms); library(posterior)}); rstan::rstan_options(boost_lib = "/usr/include")
dat <- read.csv("../../../../models/salamanders.csv", stringsAsFactors = TRUE)  # factor levels sorted, as BayesGlmm sorts them
families <- list(
  zip = list(family = zero_inflated_poisson(), extra = prior(beta(1, 1), class = zi)),
  zinb = list(family = zero_inflated_negbinomial(), extra = c(prior(beta(1, 1), class = zi), prior(gamma(0.01, 0.01), class = shape))),
  hurdle_poisson = list(family = hurdle_poisson(), extra = prior(beta(1, 1), class = hu)),
  hurdle_negbinomial = list(family = hurdle_negbinomial(), extra = c(prior(beta(1, 1), class = hu), prior(gamma(0.01, 0.01), class = shape))))
tidy <- function(s) { d <- data.frame(variable = s$variable); for (k in setdiff(names(s), "variable")) d[[k]] <- as.numeric(unclass(s[[k]]))
  names(d) <- sub("^5%$", "q5", sub("^50%$", "q50", sub("^95%$", "q95", names(d)))); d }
args <- commandArgs(TRUE); if (!length(args)) args <- names(families)
for (name in args) {
  m <- families[[name]]
  prior <- c(prior(normal(0, 5), class = b), prior(student_t(3, 0, 2.5), class = sd), m$extra)
  fit <- brm(count ~ 0 + Intercept + spp + mined + (1 | site), data = dat, family = m$family, prior = prior,
             chains = 4, cores = 2, iter = 6000, warmup = 1000, seed = 2, refresh = 0, silent = 2,
             control = list(adapt_delta = 0.95))
  dr <- as_draws_df(fit); dr <- subset_draws(dr, variable = grep("^(b_|sd_|shape|zi|hu|r_)", variables(dr), value = TRUE))
  s <- tidy(summarise_draws(dr, "mean", "sd", ~quantile(.x, probs = c(0.05, 0.5, 0.95)), "mcse_mean", "mcse_sd", ess_bulk, ess_tail, rhat))
  write.csv(s, paste0("salamanders_", name, ".reference.csv"), row.names = FALSE)
  np <- nuts_params(fit)
  cat(name, "max rhat", max(s$rhat), "min ess", min(s$ess_bulk), "divergences", sum(np$Value[np$Parameter == "divergent__"]), "\n")
}
cat(R.version.string, "\nbrms", as.character(packageVersion("brms")), "rstan", as.character(packageVersion("rstan")),
    "posterior", as.character(packageVersion("posterior")), "\ndate", format(Sys.time(), "%Y-%m-%d %H:%M %Z"), "\n")
