-- Reading 1 of issue 15 experiment 3: every class pair's first-separation transition, by the definition of
-- src/report/queryPairSeparations.ts (S_t = max over the transition's group fits, or its all-samples fit when it
-- has no group fit, and prototypes of |beta[k,a] - beta[k,b]|; first separated at the first t with
-- S_t >= 0.5 * max_t S_t; the driver is the prototype of the largest |d| there). Replace RUN with the run id.
WITH coefficients AS (SELECT * FROM ridge_coefficients WHERE run_id = 'RUN'),
fits AS (
  SELECT c.* FROM coefficients c
  WHERE c.grp >= 0 OR NOT EXISTS (SELECT 1 FROM coefficients g WHERE g.transition = c.transition AND g.grp >= 0)),
differences AS (
  SELECT a.transition, a.grp, a.prototype, a.class AS class_a, b.class AS class_b, a.beta - b.beta AS d
  FROM fits a JOIN fits b ON a.transition = b.transition AND a.grp = b.grp AND a.prototype = b.prototype AND a.class < b.class),
scores AS (
  SELECT class_a, class_b, transition, max(abs(d)) AS score, arg_max(prototype, abs(d)) AS prototype
  FROM differences GROUP BY class_a, class_b, transition),
maxima AS (SELECT class_a, class_b, max(score) AS max_score FROM scores GROUP BY class_a, class_b),
firsts AS (
  SELECT s.class_a, s.class_b, min(s.transition) AS transition
  FROM scores s JOIN maxima m USING (class_a, class_b)
  WHERE m.max_score > 0 AND s.score >= 0.5 * m.max_score GROUP BY s.class_a, s.class_b),
steps AS (SELECT checkpoint, step FROM checkpoints WHERE run_id = 'RUN')
SELECT f.class_a, f.class_b, f.transition, c0.step AS step_from, c1.step AS step_to, s.prototype,
       round(s.score, 4) AS score, round(m.max_score, 4) AS max_score
FROM firsts f JOIN scores s USING (class_a, class_b, transition) JOIN maxima m USING (class_a, class_b)
LEFT JOIN steps c0 ON c0.checkpoint = f.transition LEFT JOIN steps c1 ON c1.checkpoint = f.transition + 1
ORDER BY f.transition, s.score DESC;
