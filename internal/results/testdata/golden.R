# Golden values for internal/results, computed by R's own functions (t.test,
# prop.test, fisher.test, p.adjust) apart from Sayso's Go code: `make golden`
# writes them to golden.tsv, and `go test ./internal/results` compares every
# statistic and test against them without needing R.
#
# Each line: kind, case number, two inputs (space-separated numbers), and the
# expected values. Numbers are written to 17 significant figures.
set.seed(20261201)
options(warn = -1) # prop.test warns on small counts; those cases go to Fisher
num <- function(x) paste(sprintf("%.17g", x), collapse = " ")
row <- function(kind, i, a, b, ...) {
  cat(kind, i, num(a), num(b), sapply(list(...), num), sep = "\t")
  cat("\n")
}
likert <- function(n, p = NULL) sample(1:5, n, replace = TRUE, prob = p)
tilted <- function() { p <- runif(5); p / sum(p) }

# The mean of answers and its t interval (n >= 2, not all equal).
for (i in 1:25) {
  x <- if (i %% 2 == 0) likert(sample(2:80, 1), tilted()) else sample(0:10, sample(3:120, 1), replace = TRUE)
  if (var(x) == 0) next
  ci <- t.test(x)$conf.int
  row("mean", i, x, numeric(0), mean(x), ci[1], ci[2])
}

# Wilson's score interval for a share, x of n (n >= 2).
for (i in 1:25) {
  n <- sample(2:300, 1)
  x <- if (i <= 3) c(0, n, 1)[i] else sample(0:n, 1)
  ci <- prop.test(x, n, correct = FALSE)$conf.int
  row("wilson", i, c(x, n), numeric(0), x / n, ci[1], ci[2])
}

# Welch's t-test of two samples, second minus first.
for (i in 1:30) {
  x <- likert(sample(2:90, 1), tilted())
  y <- likert(sample(2:90, 1), tilted())
  if (var(x) + var(y) == 0) next
  r <- t.test(y, x)
  row("welch", i, x, y, mean(y) - mean(x), r$p.value)
}

# The two-proportion z-test (Pearson's chi-squared without continuity
# correction, the same p), x1 of n1 against x2 of n2.
for (i in 1:30) {
  n1 <- sample(20:300, 1); n2 <- sample(20:300, 1)
  p <- runif(1, 0.15, 0.85)
  x1 <- rbinom(1, n1, p); x2 <- rbinom(1, n2, min(0.95, p + rnorm(1, 0, 0.08)))
  r <- prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
  row("ztest", i, c(x1, n1, x2, n2), numeric(0), x2 / n2 - x1 / n1, r$p.value)
}

# Fisher's exact test, two-sided, on small counts.
for (i in 1:30) {
  n1 <- sample(1:25, 1); n2 <- sample(1:25, 1)
  x1 <- sample(0:n1, 1); x2 <- sample(0:n2, 1)
  if (x1 + x2 == 0 || x1 + x2 == n1 + n2) next
  r <- fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2))
  row("fisher", i, c(x1, n1, x2, n2), numeric(0), x2 / n2 - x1 / n1, r$p.value)
}
row("fisher", 0, c(0, 1, 3, 3), numeric(0), 1, fisher.test(matrix(c(0, 1, 3, 0), 2))$p.value)

# Holm's and Benjamini and Hochberg's adjustments of one family.
for (i in 1:15) {
  p <- c(runif(sample(1:20, 1))^3, runif(sample(0:5, 1)) * 0.01)
  row("holm", i, p, numeric(0), p.adjust(p, "holm"))
  row("bh", i, p, numeric(0), p.adjust(p, "BH"))
}

# eNPS and its adjusted Wald interval (Rocks 2016): 3/4 added to promoters
# and to detractors, 3 to n, then the normal interval of the difference,
# kept within -1 and 1. Written out from the paper, on answers 0 to 10.
for (i in 1:20) {
  n <- if (i <= 2) 5 else sample(2:200, 1)
  x <- if (i == 1) rep(10, n) else if (i == 2) rep(0, n) else sample(0:10, n, replace = TRUE, prob = tilted()[c(1,1,1,1,1,2,2,3,3,4,5)])
  promoters <- sum(x >= 9); detractors <- sum(x <= 6)
  na <- n + 3; pp <- (promoters + 0.75) / na; pd <- (detractors + 0.75) / na
  half <- qnorm(0.975) * sqrt((pp + pd - (pp - pd)^2) / na)
  row("enps", i, x, numeric(0), (promoters - detractors) / n, max(-1, pp - pd - half), min(1, pp - pd + half))
}

# A theme's score: three statements, the second worded negatively, the
# third asked of a few; each person's mean of those they answered (the
# negative one flipped), its mean as a score out of 100 and t interval.
# Input a is the answers, person by person, 0 where unanswered.
for (i in 1:15) {
  n <- sample(3:60, 1)
  m <- cbind(likert(n, tilted()), likert(n, tilted()), ifelse(runif(n) < 0.3, likert(n), NA))
  m[sample(n, max(1, n %/% 10)), 1] <- NA
  m[rowSums(!is.na(m)) == 0, 2] <- 3
  scored <- m; scored[, 2] <- 6 - scored[, 2]
  person <- rowMeans(scored, na.rm = TRUE)
  if (var(person) == 0) next
  ci <- t.test(person)$conf.int
  score <- function(v) (v - 1) / 4 * 100
  row("theme", i, ifelse(is.na(t(m)), 0, t(m)), numeric(0), score(mean(person)), max(0, score(ci[1])), min(100, score(ci[2])))
}
