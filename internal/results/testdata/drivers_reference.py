# Reference values for TestDriversMatchAnIndependentReference, computed
# apart from Sayso with Python's standard library (statistics.correlation,
# math.atanh, statistics.NormalDist). Run from this folder:
#   python3 drivers_reference.py > drivers_reference.json
#
# The definition (drivers.yaml in the test): theme "support" has the
# statements s1, s2 (worded negatively, so 6 - answer) and stay; the
# outcomes are stay (agreement, intention to stay) and satisfaction (0-10).
# A person's theme score is the mean of the statements they answered,
# leaving out the outcome itself when it is one of them.
import csv, json, math, statistics

rows = list(csv.DictReader(open("drivers.csv")))
z975 = statistics.NormalDist().inv_cdf(0.975)
out = {}
for outcome in ["stay", "satisfaction"]:
    xs, ys = [], []
    for r in rows:
        if r[outcome] == "":
            continue
        items = []
        for item in ["s1", "s2", "stay"]:
            if item == outcome or r[item] == "":
                continue
            v = float(r[item])
            items.append(6 - v if item == "s2" else v)
        if not items:
            continue
        xs.append(sum(items) / len(items))
        ys.append(float(r[outcome]))
    r = statistics.correlation(xs, ys)
    half = z975 / math.sqrt(len(xs) - 3)
    out[outcome] = {"n": len(xs), "r": r, "low": math.tanh(math.atanh(r) - half), "high": math.tanh(math.atanh(r) + half)}
print(json.dumps(out, indent=2))
