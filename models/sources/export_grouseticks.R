# Exports lme4's grouseticks data set to models/grouseticks.csv (run from models/sources: Rscript export_grouseticks.R).
# Columns as in lme4: INDEX (one per observation), TICKS (count), BROOD, HEIGHT, YEAR (95, 96, 97), LOCATION, cHEIGHT
# (HEIGHT centred, as lme4 ships it). Factors are written quoted, so BayesGlmm reads them as categorical.
suppressMessages(library(lme4))
data(grouseticks, package = "lme4")
write.csv(grouseticks[, c("INDEX", "TICKS", "BROOD", "HEIGHT", "YEAR", "LOCATION", "cHEIGHT")],
          "../grouseticks.csv", row.names = FALSE)
cat("lme4", as.character(packageVersion("lme4")), "|", R.version.string, "|", format(Sys.Date()), "|", nrow(grouseticks), "rows\n")
