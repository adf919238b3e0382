;; Kernels for training on the wasm backend, run on its own memory (imported). channelSums and channelAffine
;; work on [rows, C] float32 data (NHWC viewed as rows of C channels); C must be a multiple of 4 (one f32x4
;; per 4 channels). adam is TrainingOptimizer's update in one pass, reluGrad ReLU's backward pass, permute the block
;; transposes the convolution gradients need.
;; Sums accumulate 64 rows at a time in float32 (scratch `acc`, C floats), then into float64 (`out`, C doubles,
;; zeroed by the caller), so the rounding error does not grow with the number of rows.
;; Assembled into channelKernelsBinary.ts by `npm run build:wat`; test/backend checks the two agree.
(module
  (import "env" "memory" (memory 1))

  ;; acc[0..C) = 0
  (func $zero (param $acc i32) (param $C i32)
    (local $c i32)
    (loop $l
      (v128.store (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 2))) (v128.const i32x4 0 0 0 0))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br_if $l (i32.lt_u (local.get $c) (local.get $C)))))

  ;; out[c] += f64(acc[c])
  (func $flush (param $acc i32) (param $out i32) (param $C i32)
    (local $c i32)
    (loop $l
      (f64.store (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3)))
        (f64.add
          (f64.load (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 3))))
          (f64.promote_f32 (f32.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 2)))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $c) (local.get $C)))))

  ;; out[c] += sum_r x[r, c]                       (mode 0)
  ;; out[c] += sum_r (x[r, c] - mean[c])^2         (mode 1)
  ;; out[c] += sum_r x[r, c] and out[C + c] += sum_r x[r, c] * (y[r, c] - mean[c]) (mode 2, one pass;
  ;; acc and out then hold 2C values)
  (func (export "channelSums")
    (param $mode i32) (param $x i32) (param $y i32) (param $mean i32) (param $rows i32) (param $C i32) (param $acc i32) (param $out i32)
    (local $r i32) (local $end i32) (local $c i32) (local $rowBytes i32) (local $px i32) (local $py i32) (local $a i32) (local $v v128)
    (local $width i32)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    ;; accumulators per block: C, or 2C in mode 2
    (local.set $width (select (i32.shl (local.get $C) (i32.const 1)) (local.get $C) (i32.eq (local.get $mode) (i32.const 2))))
    (local.set $px (local.get $x))
    (local.set $py (local.get $y))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (call $zero (local.get $acc) (local.get $width))
        (local.set $end (i32.add (local.get $r) (i32.const 64)))
        (if (i32.gt_u (local.get $end) (local.get $rows)) (then (local.set $end (local.get $rows))))
        (loop $rowsLoop
          (local.set $c (i32.const 0))
          (loop $channels
            (local.set $a (i32.add (local.get $acc) (local.get $c)))
            (local.set $v (v128.load (i32.add (local.get $px) (local.get $c))))
            (if (i32.eq (local.get $mode) (i32.const 1))
              (then
                (local.set $v (f32x4.sub (local.get $v) (v128.load (i32.add (local.get $mean) (local.get $c)))))
                (local.set $v (f32x4.mul (local.get $v) (local.get $v)))))
            (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (local.get $v)))
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $a (i32.add (local.get $a) (local.get $rowBytes)))
                (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a))
                  (f32x4.mul (local.get $v)
                    (f32x4.sub (v128.load (i32.add (local.get $py) (local.get $c))) (v128.load (i32.add (local.get $mean) (local.get $c)))))))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br_if $channels (i32.lt_u (local.get $c) (local.get $rowBytes))))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (local.set $py (i32.add (local.get $py) (local.get $rowBytes)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rowsLoop (i32.lt_u (local.get $r) (local.get $end))))
        (call $flush (local.get $acc) (local.get $out) (local.get $width))
        (br $blocks))))

  ;; out[r, c] = x[r, c] * a[c] + y[r, c] * b[c] + k[c]; with y = 0 (the null pointer) the y term is left out
  (func (export "channelAffine")
    (param $x i32) (param $y i32) (param $a i32) (param $b i32) (param $k i32) (param $rows i32) (param $C i32) (param $out i32)
    (local $r i32) (local $c i32) (local $rowBytes i32) (local $px i32) (local $py i32) (local $po i32) (local $v v128)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $px (local.get $x))
    (local.set $py (local.get $y))
    (local.set $po (local.get $out))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (loop $channels
          (local.set $v (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $px) (local.get $c))) (v128.load (i32.add (local.get $a) (local.get $c))))
            (v128.load (i32.add (local.get $k) (local.get $c)))))
          (if (local.get $y)
            (then
              (local.set $v (f32x4.add (local.get $v)
                (f32x4.mul (v128.load (i32.add (local.get $py) (local.get $c))) (v128.load (i32.add (local.get $b) (local.get $c))))))))
          (v128.store (i32.add (local.get $po) (local.get $c)) (local.get $v))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $channels (i32.lt_u (local.get $c) (local.get $rowBytes))))
        (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
        (local.set $py (i32.add (local.get $py) (local.get $rowBytes)))
        (local.set $po (i32.add (local.get $po) (local.get $rowBytes)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowsLoop))))
  ;; One Adam step over n floats, in float32 with the operation order of TrainingOptimizer's tf ops:
  ;;   g' = g + w * wd (when wd > 0);  m' = m * b1 + g' * c1;  v' = v * b2 + (g' * g') * c2
  ;;   w' = w - (m' / (sqrt(v') / s2 + eps)) * step
  (func (export "adam")
    (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $s2 f32) (param $eps f32) (param $step f32) (param $wd f32)
    (param $wOut i32) (param $mOut i32) (param $vOut i32)
    (local $i i32) (local $end4 i32) (local $o i32)
    (local $gv v128) (local $mv v128) (local $vv v128) (local $wv v128)
    (local $gs f32) (local $ms f32) (local $vs f32) (local $ws f32)
    (local.set $end4 (i32.and (local.get $n) (i32.const -4)))
    (block $simdDone
      (loop $simd
        (br_if $simdDone (i32.ge_u (local.get $i) (local.get $end4)))
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $wv (v128.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
        (if (f32.gt (local.get $wd) (f32.const 0))
          (then (local.set $gv (f32x4.add (local.get $gv) (f32x4.mul (local.get $wv) (f32x4.splat (local.get $wd)))))))
        (local.set $mv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (f32x4.splat (local.get $b1)))
          (f32x4.mul (local.get $gv) (f32x4.splat (local.get $c1)))))
        (local.set $vv (f32x4.add
          (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (f32x4.splat (local.get $b2)))
          (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (f32x4.splat (local.get $c2)))))
        (v128.store (i32.add (local.get $mOut) (local.get $o)) (local.get $mv))
        (v128.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $wOut) (local.get $o))
          (f32x4.sub (local.get $wv)
            (f32x4.mul
              (f32x4.div (local.get $mv)
                (f32x4.add (f32x4.div (f32x4.sqrt (local.get $vv)) (f32x4.splat (local.get $s2))) (f32x4.splat (local.get $eps))))
              (f32x4.splat (local.get $step)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $simd)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $o (i32.shl (local.get $i) (i32.const 2)))
        (local.set $ws (f32.load (i32.add (local.get $w) (local.get $o))))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (if (f32.gt (local.get $wd) (f32.const 0))
          (then (local.set $gs (f32.add (local.get $gs) (f32.mul (local.get $ws) (local.get $wd))))))
        (local.set $ms (f32.add (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1)) (f32.mul (local.get $gs) (local.get $c1))))
        (local.set $vs (f32.add (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2)) (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $mOut) (local.get $o)) (local.get $ms))
        (f32.store (i32.add (local.get $vOut) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $wOut) (local.get $o))
          (f32.sub (local.get $ws)
            (f32.mul
              (f32.div (local.get $ms) (f32.add (f32.div (f32.sqrt (local.get $vs)) (local.get $s2)) (local.get $eps)))
              (local.get $step))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
  ;; ReLU's gradient: out[i] = x[i] > 0 ? dy[i] : 0 (one pass; upstream does step, cast and multiply)
  (func (export "reluGrad") (param $dy i32) (param $x i32) (param $n i32) (param $out i32)
    (local $o i32) (local $end i32)
    (local.set $end (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2)))
    (block $simdDone
      (loop $simd
        (br_if $simdDone (i32.ge_u (local.get $o) (local.get $end)))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (v128.and (v128.load (i32.add (local.get $dy) (local.get $o)))
            (f32x4.gt (v128.load (i32.add (local.get $x) (local.get $o))) (v128.const f32x4 0 0 0 0))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $simd)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (select (f32.load (i32.add (local.get $dy) (local.get $o))) (f32.const 0)
            (f32.gt (f32.load (i32.add (local.get $x) (local.get $o))) (f32.const 0))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $tail))))
  ;; outer independent blocks of [A, B, C] float32 permuted to [B, A, C]: rows of C floats move (C % 4 == 0)
  ;;   dst[(b*A + a)*C + c] = src[(a*B + b)*C + c]
  (func (export "permute") (param $src i32) (param $outer i32) (param $A i32) (param $B i32) (param $C i32) (param $dst i32)
    (local $block i32) (local $a i32) (local $b i32) (local $c i32) (local $s i32) (local $d i32) (local $rowBytes i32) (local $blockBytes i32)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $blockBytes (i32.mul (i32.mul (local.get $A) (local.get $B)) (local.get $rowBytes)))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $outer)))
        (local.set $b (i32.const 0))
        (loop $bLoop
          (local.set $a (i32.const 0))
          (loop $aLoop
            (local.set $s (i32.add (local.get $src) (i32.mul (i32.add (i32.mul (local.get $a) (local.get $B)) (local.get $b)) (local.get $rowBytes))))
            (local.set $d (i32.add (local.get $dst) (i32.mul (i32.add (i32.mul (local.get $b) (local.get $A)) (local.get $a)) (local.get $rowBytes))))
            (local.set $c (i32.const 0))
            (loop $cLoop
              (v128.store (i32.add (local.get $d) (local.get $c)) (v128.load (i32.add (local.get $s) (local.get $c))))
              (local.set $c (i32.add (local.get $c) (i32.const 16)))
              (br_if $cLoop (i32.lt_u (local.get $c) (local.get $rowBytes))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br_if $aLoop (i32.lt_u (local.get $a) (local.get $A))))
          (local.set $b (i32.add (local.get $b) (i32.const 1)))
          (br_if $bLoop (i32.lt_u (local.get $b) (local.get $B))))
        (local.set $src (i32.add (local.get $src) (local.get $blockBytes)))
        (local.set $dst (i32.add (local.get $dst) (local.get $blockBytes)))
        (local.set $block (i32.add (local.get $block) (i32.const 1)))
        (br $blocks)))))
