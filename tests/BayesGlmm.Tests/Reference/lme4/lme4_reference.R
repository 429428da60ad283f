# Reference point estimates from lme4 (and glmmTMB for a family with a parameter) for `bayesglmm estimate`.
# Run from the repository root:  Rscript tests/BayesGlmm.Tests/Reference/lme4/lme4_reference.R
# Reads the data in models/, the model list in lme4_models.csv; writes lme4_estimates.csv (model, method, variable,
# estimate, se) and lme4_session.txt (versions, date). Variable names follow brms: b_*, sd_<group>__<coef>,
# cor_<group>__<coef1>__<coef2>, sigma, shape; plus logLik (what logLik() reports for the fit: the restricted
# log-likelihood for REML), deviance-scale objective `objective` (REMLcrit or deviance) and `singular` (1/0).
suppressPackageStartupMessages({ library(lme4); library(glmmTMB) })
here <- "tests/BayesGlmm.Tests/Reference/lme4"
models <- read.csv(file.path(here, "lme4_models.csv"), stringsAsFactors = FALSE)

brms_name <- function(x) {
  x[x == "(Intercept)"] <- "Intercept"
  x <- gsub("[ ()\\[\\],\"'?]", "", x)
  x <- gsub("+", "P", x, fixed = TRUE); x <- gsub("-", "M", x, fixed = TRUE); x <- gsub("*", "MU", x, fixed = TRUE)
  x <- gsub("/", "D", x, fixed = TRUE); x <- gsub("^", "E", x, fixed = TRUE); x <- gsub("=", "EQ", x, fixed = TRUE)
  x
}

rows <- list()
add <- function(model, method, variable, estimate, se = NA) {
  rows[[length(rows) + 1]] <<- data.frame(model = model, method = method, variable = variable, estimate = estimate, se = se)
}

report_merMod <- function(id, method, fit, gaussian) {
  fe <- fixef(fit)
  se <- sqrt(diag(as.matrix(vcov(fit))))
  for (i in seq_along(fe)) add(id, method, paste0("b_", brms_name(names(fe)[i])), fe[[i]], se[[i]])
  vc <- VarCorr(fit)
  for (g in names(vc)) {
    sds <- attr(vc[[g]], "stddev")
    for (j in seq_along(sds)) add(id, method, paste0("sd_", g, "__", brms_name(names(sds)[j])), sds[[j]])
  }
  for (g in names(vc)) {
    cors <- attr(vc[[g]], "correlation"); k <- nrow(cors); nm <- brms_name(rownames(cors))
    if (k > 1) for (j in 2:k) for (i in 1:(j - 1)) add(id, method, paste0("cor_", g, "__", nm[i], "__", nm[j]), cors[i, j])
  }
  if (gaussian) add(id, method, "sigma", sigma(fit))
  add(id, method, "logLik", as.numeric(logLik(fit)))
  add(id, method, "objective", if (isREML(fit)) REMLcrit(fit) else deviance(fit))
  add(id, method, "singular", as.numeric(isSingular(fit)))
}

for (r in seq_len(nrow(models))) {
  m <- models[r, ]
  data <- read.csv(file.path("models", m$data))
  for (f in strsplit(m$factors, ";")[[1]]) if (nzchar(f)) data[[f]] <- factor(data[[f]])
  form <- as.formula(m$r_formula)
  started <- Sys.time()
  for (method in strsplit(m$methods, ";")[[1]]) {
    if (m$r_function == "lmer") {
      fit <- lmer(form, data, REML = method == "reml", control = lmerControl(optimizer = "bobyqa"))
      report_merMod(m$model, method, fit, TRUE)
    } else if (m$r_function == "glmer") {
      nagq <- if (method == "laplace") 1L else as.integer(sub("agq", "", method))
      # tolPwrss = 1e-12: with the default 1e-7 the inner PIRLS stops early enough to move logLik by 2e-3
      # (epilepsy_obs) and the Hessian-based standard errors by 1% (cbpp); the reference is the criterion's optimum.
      fit <- glmer(form, data, family = eval(parse(text = m$r_family)), nAGQ = nagq,
                   control = glmerControl(optimizer = "bobyqa", tolPwrss = 1e-12))
      report_merMod(m$model, method, fit, FALSE)
    } else if (m$r_function == "glmmTMB") {
      fit <- glmmTMB(form, data, family = eval(parse(text = m$r_family)))
      fe <- fixef(fit)$cond; se <- sqrt(diag(vcov(fit)$cond))
      for (i in seq_along(fe)) add(m$model, method, paste0("b_", brms_name(names(fe)[i])), fe[[i]], se[[i]])
      vc <- VarCorr(fit)$cond
      for (g in names(vc)) { sds <- attr(vc[[g]], "stddev"); for (j in seq_along(sds)) add(m$model, method, paste0("sd_", g, "__", brms_name(names(sds)[j])), sds[[j]]) }
      add(m$model, method, "shape", sigma(fit))  # nbinom2: sigma() is the shape (size) theta
      add(m$model, method, "logLik", as.numeric(logLik(fit)))
      add(m$model, method, "objective", -2 * as.numeric(logLik(fit)))
      add(m$model, method, "singular", 0)
    }
  }
  cat(sprintf("%-22s %-28s %6.1f s\n", m$model, m$methods, as.numeric(Sys.time() - started, units = "secs")))
}
out <- do.call(rbind, rows)
write.csv(out, file.path(here, "lme4_estimates.csv"), row.names = FALSE)
writeLines(c(paste("date:", format(Sys.time(), "%Y-%m-%d %H:%M:%S %Z")), capture.output(sessionInfo())), file.path(here, "lme4_session.txt"))
