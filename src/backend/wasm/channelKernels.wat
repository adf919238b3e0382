;; Per-channel kernels over [rows, C] float32 data (NHWC viewed as rows of C channels) for the wasm backend,
;; run in place on the backend's own memory. C must be a multiple of 4 (one f32x4 per 4 channels).
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
  ;; out[c] += sum_r x[r, c] * (y[r, c] - mean[c]) (mode 2)
  (func (export "channelSums")
    (param $mode i32) (param $x i32) (param $y i32) (param $mean i32) (param $rows i32) (param $C i32) (param $acc i32) (param $out i32)
    (local $r i32) (local $end i32) (local $c i32) (local $rowBytes i32) (local $px i32) (local $py i32) (local $a i32) (local $v v128)
    (local.set $rowBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $px (local.get $x))
    (local.set $py (local.get $y))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (call $zero (local.get $acc) (local.get $C))
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
            (if (i32.eq (local.get $mode) (i32.const 2))
              (then
                (local.set $v (f32x4.mul (local.get $v)
                  (f32x4.sub (v128.load (i32.add (local.get $py) (local.get $c))) (v128.load (i32.add (local.get $mean) (local.get $c))))))))
            (v128.store (local.get $a) (f32x4.add (v128.load (local.get $a)) (local.get $v)))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br_if $channels (i32.lt_u (local.get $c) (local.get $rowBytes))))
          (local.set $px (i32.add (local.get $px) (local.get $rowBytes)))
          (local.set $py (i32.add (local.get $py) (local.get $rowBytes)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rowsLoop (i32.lt_u (local.get $r) (local.get $end))))
        (call $flush (local.get $acc) (local.get $out) (local.get $C))
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
        (br $rowsLoop)))))
