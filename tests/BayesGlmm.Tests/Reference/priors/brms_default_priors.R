# brms's default priors for every model in models/: the class-level rows of get_prior() for the classes whose
# defaults BayesGlmm takes from brms (Intercept, sd, sigma and the other family parameters).
# Run from the repository root: Rscript tests/BayesGlmm.Tests/Reference/priors/brms_default_priors.R
# Writes tests/BayesGlmm.Tests/Reference/priors/brms_default_priors.csv (model, class, dpar, prior).
# Group-level terms with BayesGlmm's conjugate distributions (gr(g, dist = "gamma"), ...) become (1 | g): brms has no
# such terms, and the defaults compared here do not depend on them; their sd row is left out (they have a lambda instead).
suppressMessages({ library(brms); library(jsonlite) })
out <- "tests/BayesGlmm.Tests/Reference/priors/brms_default_priors.csv"
family_of <- function(text) {
  m <- regmatches(text, regexec("^([a-z_]+)(\\(([a-z]+)\\))?$", text))[[1]]
  f <- get(m[2], mode = "function")
  if (nchar(m[4]) > 0) f(link = m[4]) else f()
}
rows <- list()
for (file in sort(list.files("models", pattern = "\\.json$", full.names = TRUE))) {
  spec <- fromJSON(file)
  if (is.null(spec$formula)) next  # a prior-grid file, not a model
  data <- read.csv(file.path("models", spec$data))
  for (f in spec$factors) data[[f]] <- factor(data[[f]])
  formula <- gsub("gr\\(([A-Za-z0-9_.]+), dist = \"[a-z_]+\"\\)", "\\1", spec$formula)
  center <- if (is.null(spec$center)) TRUE else spec$center
  p <- get_prior(bf(as.formula(formula), center = center), data = data, family = family_of(spec$family))
  keep <- p$coef == "" & p$group == "" & p$class %in% c("Intercept", "sd", "sigma", "shape", "phi", "nu")
  if (formula != spec$formula) keep <- keep & p$class != "sd"
  rows[[file]] <- data.frame(model = spec$name, class = p$class[keep], dpar = p$dpar[keep], prior = p$prior[keep])
}
result <- do.call(rbind, rows)
header <- c(
  sprintf("# brms %s get_prior() class-level defaults for models/*.json, R %s, %s", packageVersion("brms"),
          paste(R.version$major, R.version$minor, sep = "."), format(Sys.Date())),
  "# made by brms_default_priors.R (run from the repository root)")
writeLines(header, out)
suppressWarnings(write.table(result, out, sep = ",", row.names = FALSE, quote = TRUE, append = TRUE))  # header after the comments
