# Long reference runs for the models the sampler must handle at its defaults (Pastes, grouseticks, Student-t cbpp).
# Usage (from this folder): Rscript brms_frontier.R MODEL   (MODEL = pastes | grouseticks | cbpp_student)
# brms's default priors (printed and kept in MODEL.priors.csv), 4 chains x 5000 draws after 2000 warmup, adapt_delta 0.99,
# max_treedepth 12; the summary (posterior package) goes to MODEL.reference.csv as the other references.
suppressMessages({library(brms); library(posterior)}); rstan::rstan_options(boost_lib = "/usr/include")
d <- function(n) read.csv(file.path("../../../../models", paste0(n, ".csv")), stringsAsFactors = FALSE)
models <- list(
  pastes = list(data = function() d("pastes"), formula = bf(strength ~ 1 + (1 | batch/cask)), family = gaussian()),
  grouseticks = list(data = function() { x <- d("grouseticks"); x$YEAR <- factor(x$YEAR); x },
    formula = bf(TICKS ~ YEAR + cHEIGHT + (1 | BROOD) + (1 | INDEX) + (1 | LOCATION)), family = poisson()),
  cbpp_student = list(data = function() { x <- d("cbpp"); x$period <- factor(x$period); x },
    formula = bf(incidence | trials(size) ~ period + (1 | gr(herd, dist = "student"))), family = binomial())
)
name <- commandArgs(TRUE)[1]; m <- models[[name]]; dat <- m$data()
pr <- get_prior(m$formula, data = dat, family = m$family)
print(pr); write.csv(as.data.frame(pr)[, c("prior", "class", "coef", "group")], paste0(name, ".priors.csv"), row.names = FALSE)
tidy <- function(s) { d <- data.frame(variable = s$variable); for (k in setdiff(names(s), "variable")) d[[k]] <- as.numeric(unclass(s[[k]]))
  names(d) <- sub("^5%$", "q5", sub("^50%$", "q50", sub("^95%$", "q95", names(d)))); d }
rf <- brm(m$formula, data = dat, family = m$family, chains = 4, cores = 2, iter = 7000, warmup = 2000, seed = 2, refresh = 0,
          silent = 2, control = list(adapt_delta = 0.99, max_treedepth = 12))
np <- nuts_params(rf)
dr <- as_draws_df(rf); dr <- subset_draws(dr, variable = grep("^(b_|sd_|cor_|sigma|shape|df_|Intercept|r_)", variables(dr), value = TRUE))
s <- tidy(summarise_draws(dr, "mean", "sd", ~quantile(.x, probs = c(0.05, 0.5, 0.95)), "mcse_mean", "mcse_sd", ess_bulk, ess_tail, rhat))
write.csv(s, paste0(name, ".reference.csv"), row.names = FALSE)
cat("reference done", name, "| divergences", sum(np$Value[np$Parameter == "divergent__"]), "| max rhat", max(s$rhat),
    "| min ess", min(s$ess_bulk), "| brms", as.character(packageVersion("brms")), "rstan", as.character(packageVersion("rstan")),
    "|", R.version.string, "|", format(Sys.Date()), "\n")
