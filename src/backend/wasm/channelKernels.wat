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
        (br $blocks))))

  ;; dw of a convolution, channels last, x [N, H, W, Cin] and dy [N, OH, OW, Cout] -> out [KH, KW, Cin, Cout]:
  ;;   out[ty, tx, ci, co] = sum over n, oy, ox of x[n, oy*sh + ty - padTop, ox*sw + tx - padLeft, ci] * dy[n, oy, ox, co]
  ;; where the x position is inside the image (padding contributes nothing). Cin % 4 == 0, Cout % 8 == 0; out is
  ;; written whole. A tile of 4 input x 8 output channels lives in 8 f32x4 accumulators while it sweeps a block
  ;; of `nb` images (chosen by the caller so that the block's x and dy stay in cache), then goes back to out.
  ;; x's 4 channels at a pixel are broadcast one at a time (v128.load32_splat) against dy's 8 channels there.
  (func (export "filterGrad")
    (param $x i32) (param $dy i32) (param $out i32)
    (param $N i32) (param $H i32) (param $W i32) (param $Cin i32) (param $OH i32) (param $OW i32) (param $Cout i32)
    (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $nb i32)
    (local $n0 i32) (local $n1 i32) (local $n i32) (local $ty i32) (local $tx i32) (local $ci i32) (local $co i32)
    (local $oy i32) (local $iy i32) (local $ox0 i32) (local $ox1 i32) (local $v i32)
    (local $pOut i32) (local $rowOut i32) (local $xStep i32) (local $dyStep i32) (local $px i32) (local $pd i32) (local $pdEnd i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $d0 v128) (local $d1 v128) (local $s v128)
    (local.set $rowOut (i32.shl (local.get $Cout) (i32.const 2)))
    (local.set $xStep (i32.shl (i32.mul (local.get $sw) (local.get $Cin)) (i32.const 2)))
    (local.set $dyStep (local.get $rowOut))
    ;; out = 0
    (local.set $v (i32.shl (i32.mul (i32.mul (i32.mul (local.get $KH) (local.get $KW)) (local.get $Cin)) (local.get $Cout)) (i32.const 2)))
    (local.set $pOut (i32.const 0))
    (loop $zero
      (v128.store (i32.add (local.get $out) (local.get $pOut)) (v128.const i32x4 0 0 0 0))
      (local.set $pOut (i32.add (local.get $pOut) (i32.const 16)))
      (br_if $zero (i32.lt_u (local.get $pOut) (local.get $v))))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $n0) (local.get $N)))
        (local.set $n1 (select (local.get $N) (i32.add (local.get $n0) (local.get $nb))
          (i32.gt_u (i32.add (local.get $n0) (local.get $nb)) (local.get $N))))
        (local.set $ty (i32.const 0))
        (loop $tyLoop
          (local.set $tx (i32.const 0))
          (loop $txLoop
            ;; output columns whose input column ox*sw + tx - padLeft is inside [0, W)
            (local.set $v (i32.sub (local.get $padLeft) (local.get $tx)))
            (local.set $ox0 (select
              (i32.div_u (i32.sub (i32.add (local.get $v) (local.get $sw)) (i32.const 1)) (local.get $sw))
              (i32.const 0)
              (i32.gt_s (local.get $v) (i32.const 0))))
            (local.set $v (i32.add (i32.sub (i32.sub (local.get $W) (i32.const 1)) (local.get $tx)) (local.get $padLeft)))
            (local.set $ox1 (select
              (i32.add (i32.div_u (local.get $v) (local.get $sw)) (i32.const 1))
              (i32.const 0)
              (i32.ge_s (local.get $v) (i32.const 0))))
            (if (i32.gt_u (local.get $ox1) (local.get $OW)) (then (local.set $ox1 (local.get $OW))))
            (if (i32.lt_u (local.get $ox0) (local.get $ox1))
              (then
                (local.set $ci (i32.const 0))
                (loop $ciLoop
                  (local.set $co (i32.const 0))
                  (loop $coLoop
                    (local.set $pOut (i32.add (local.get $out) (i32.shl
                      (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $ty) (local.get $KW)) (local.get $tx)) (local.get $Cin)) (local.get $ci)) (local.get $Cout)) (local.get $co))
                      (i32.const 2))))
                    (local.set $a00 (v128.load (local.get $pOut)))
                    (local.set $a01 (v128.load offset=16 (local.get $pOut)))
                    (local.set $v (i32.add (local.get $pOut) (local.get $rowOut)))
                    (local.set $a10 (v128.load (local.get $v)))
                    (local.set $a11 (v128.load offset=16 (local.get $v)))
                    (local.set $v (i32.add (local.get $v) (local.get $rowOut)))
                    (local.set $a20 (v128.load (local.get $v)))
                    (local.set $a21 (v128.load offset=16 (local.get $v)))
                    (local.set $v (i32.add (local.get $v) (local.get $rowOut)))
                    (local.set $a30 (v128.load (local.get $v)))
                    (local.set $a31 (v128.load offset=16 (local.get $v)))
                    (local.set $n (local.get $n0))
                    (loop $nLoop
                      (local.set $oy (i32.const 0))
                      (loop $oyLoop
                        (local.set $iy (i32.sub (i32.add (i32.mul (local.get $oy) (local.get $sh)) (local.get $ty)) (local.get $padTop)))
                        (if (i32.lt_u (local.get $iy) (local.get $H))
                          (then
                            (local.set $px (i32.add (local.get $x) (i32.shl
                              (i32.add (i32.mul (i32.sub (i32.add (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $iy)) (local.get $W))
                                (i32.mul (local.get $ox0) (local.get $sw))) (local.get $tx)) (local.get $padLeft)) (local.get $Cin)) (local.get $ci))
                              (i32.const 2))))
                            (local.set $pd (i32.add (local.get $dy) (i32.shl
                              (i32.add (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $OH)) (local.get $oy)) (local.get $OW)) (local.get $ox0)) (local.get $Cout)) (local.get $co))
                              (i32.const 2))))
                            (local.set $pdEnd (i32.add (local.get $pd) (i32.mul (i32.sub (local.get $ox1) (local.get $ox0)) (local.get $dyStep))))
                            (loop $pixels
                              (local.set $d0 (v128.load (local.get $pd)))
                              (local.set $d1 (v128.load offset=16 (local.get $pd)))
                              (local.set $s (v128.load32_splat (local.get $px)))
                              (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $d0))))
                              (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $d1))))
                              (local.set $s (v128.load32_splat offset=4 (local.get $px)))
                              (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $d0))))
                              (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $d1))))
                              (local.set $s (v128.load32_splat offset=8 (local.get $px)))
                              (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $d0))))
                              (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $d1))))
                              (local.set $s (v128.load32_splat offset=12 (local.get $px)))
                              (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $d0))))
                              (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $d1))))
                              (local.set $px (i32.add (local.get $px) (local.get $xStep)))
                              (local.set $pd (i32.add (local.get $pd) (local.get $dyStep)))
                              (br_if $pixels (i32.lt_u (local.get $pd) (local.get $pdEnd))))))
                        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                        (br_if $oyLoop (i32.lt_u (local.get $oy) (local.get $OH))))
                      (local.set $n (i32.add (local.get $n) (i32.const 1)))
                      (br_if $nLoop (i32.lt_u (local.get $n) (local.get $n1))))
                    (v128.store (local.get $pOut) (local.get $a00))
                    (v128.store offset=16 (local.get $pOut) (local.get $a01))
                    (local.set $v (i32.add (local.get $pOut) (local.get $rowOut)))
                    (v128.store (local.get $v) (local.get $a10))
                    (v128.store offset=16 (local.get $v) (local.get $a11))
                    (local.set $v (i32.add (local.get $v) (local.get $rowOut)))
                    (v128.store (local.get $v) (local.get $a20))
                    (v128.store offset=16 (local.get $v) (local.get $a21))
                    (local.set $v (i32.add (local.get $v) (local.get $rowOut)))
                    (v128.store (local.get $v) (local.get $a30))
                    (v128.store offset=16 (local.get $v) (local.get $a31))
                    (local.set $co (i32.add (local.get $co) (i32.const 8)))
                    (br_if $coLoop (i32.lt_u (local.get $co) (local.get $Cout))))
                  (local.set $ci (i32.add (local.get $ci) (i32.const 4)))
                  (br_if $ciLoop (i32.lt_u (local.get $ci) (local.get $Cin))))))
            (local.set $tx (i32.add (local.get $tx) (i32.const 1)))
            (br_if $txLoop (i32.lt_u (local.get $tx) (local.get $KW))))
          (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
          (br_if $tyLoop (i32.lt_u (local.get $ty) (local.get $KH))))
        (local.set $n0 (local.get $n1))
        (br $blocks))))

  ;; x [N, H, W, C] placed in dst [N, Hp, Wp, C] at row offset padTop and column offset padLeft (either may be
  ;; negative: x is then cut), zeros elsewhere: dst[n, r, c, :] = x[n, r - padTop, c - padLeft, :] where that is inside x.
  (func (export "pad")
    (param $x i32) (param $dst i32) (param $N i32) (param $H i32) (param $W i32) (param $C i32)
    (param $Hp i32) (param $Wp i32) (param $padTop i32) (param $padLeft i32)
    (local $n i32) (local $r i32) (local $iy i32) (local $pixBytes i32) (local $dstRow i32) (local $c0 i32) (local $c1 i32)
    (local.set $pixBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $dstRow (i32.mul (local.get $Wp) (local.get $pixBytes)))
    ;; the destination columns [c0, c1) that come from x
    (local.set $c0 (select (local.get $padLeft) (i32.const 0) (i32.gt_s (local.get $padLeft) (i32.const 0))))
    (local.set $c1 (i32.add (local.get $W) (local.get $padLeft)))
    (if (i32.gt_s (local.get $c1) (local.get $Wp)) (then (local.set $c1 (local.get $Wp))))
    (if (i32.lt_s (local.get $c1) (local.get $c0)) (then (local.set $c1 (local.get $c0))))
    (block $done
      (loop $images
        (br_if $done (i32.ge_u (local.get $n) (local.get $N)))
        (local.set $r (i32.const 0))
        (loop $rows
          (local.set $iy (i32.sub (local.get $r) (local.get $padTop)))
          (if (i32.and (i32.lt_u (local.get $iy) (local.get $H)) (i32.lt_s (local.get $c0) (local.get $c1)))
            (then
              (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $c0) (local.get $pixBytes)))
              (memory.copy
                (i32.add (local.get $dst) (i32.mul (local.get $c0) (local.get $pixBytes)))
                (i32.add (local.get $x) (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $n) (local.get $H)) (local.get $iy)) (local.get $W))
                  (i32.sub (local.get $c0) (local.get $padLeft))) (local.get $pixBytes)))
                (i32.mul (i32.sub (local.get $c1) (local.get $c0)) (local.get $pixBytes)))
              (memory.fill (i32.add (local.get $dst) (i32.mul (local.get $c1) (local.get $pixBytes))) (i32.const 0)
                (i32.mul (i32.sub (local.get $Wp) (local.get $c1)) (local.get $pixBytes))))
            (else (memory.fill (local.get $dst) (i32.const 0) (local.get $dstRow))))
          (local.set $dst (i32.add (local.get $dst) (local.get $dstRow)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $rows (i32.lt_u (local.get $r) (local.get $Hp))))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $images))))

  ;; A 2D convolution without padding, channels last: x [N, Hp, Wp, Cin] (already padded, see pad), w packed as
  ;; [Cout/8, KH, KW, Cin, 8] -> out [N, OH, OW, Cout]:
  ;;   out[n, oy, ox, co] = sum over ty, tx, ci of x[n, oy*sh + ty, ox*sw + tx, ci] * w[ty, tx, ci, co]
  ;; Cin % 4 == 0, Cout % 8 == 0. A tile is 4 consecutive output pixels in the flattened N*OH*OW order (so rows and
  ;; images need no tail loop) x 8 output channels, in 8 f32x4 accumulators. For one filter row ty, a pixel's taps
  ;; and channels (tx, ci) are KW*Cin consecutive floats of x, and the packed filter's are consecutive too: the inner
  ;; loop walks both, 4 channels at a time. The last tile is moved back to end at the last pixel (recomputing a few
  ;; pixels, with the same values); with fewer than 4 pixels in all, the missing ones repeat the last.
  ;; With `bias` (an address, or 0 for none) every output starts at bias[co]; with `relu` != 0 it ends at max(out, 0).
  ;; Output pixels lie `outStride` floats apart (>= Cout; Cout for a dense [N, OH, OW, Cout]), so a convolution can
  ;; write into Cout of the channels of a wider output.
  (func (export "conv")
    (param $x i32) (param $w i32) (param $out i32)
    (param $N i32) (param $Hp i32) (param $Wp i32) (param $Cin i32) (param $OH i32) (param $OW i32) (param $Cout i32)
    (param $KH i32) (param $KW i32) (param $sh i32) (param $sw i32) (param $bias i32) (param $relu i32) (param $outStride i32)
    (local $total i32) (local $f i32) (local $n i32) (local $oy i32) (local $ox i32) (local $imageBytes i32) (local $rowBytes i32) (local $pixBytes i32)
    (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $q0 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $qEnd i32) (local $tapBytes i32)
    (local $o0 i32) (local $e1 i32) (local $e2 i32) (local $e3 i32) (local $cob i32) (local $pw i32) (local $ty i32) (local $outPix i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $w0 v128) (local $w1 v128) (local $s v128)
    (local.set $total (i32.mul (i32.mul (local.get $N) (local.get $OH)) (local.get $OW)))
    (local.set $pixBytes (i32.shl (local.get $Cin) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $Wp) (local.get $pixBytes)))
    (local.set $imageBytes (i32.mul (local.get $Hp) (local.get $rowBytes)))
    (local.set $tapBytes (i32.mul (local.get $KW) (local.get $pixBytes)))
    (local.set $outPix (i32.shl (local.get $outStride) (i32.const 2)))
    (local.set $ox (i32.const -1))
    (block $tilesDone
      (loop $tiles
        (br_if $tilesDone (i32.ge_u (local.get $f) (local.get $total)))
        (if (i32.gt_u (i32.add (local.get $f) (i32.const 4)) (local.get $total))
          (then
            ;; the last tile, moved back: its first pixel's coordinates by division
            (local.set $f (select (i32.sub (local.get $total) (i32.const 4)) (i32.const 0) (i32.ge_u (local.get $total) (i32.const 4))))
            (local.set $n (i32.div_u (local.get $f) (i32.mul (local.get $OH) (local.get $OW))))
            (local.set $oy (i32.rem_u (local.get $f) (i32.mul (local.get $OH) (local.get $OW))))
            (local.set $ox (i32.rem_u (local.get $oy) (local.get $OW)))
            (local.set $oy (i32.div_u (local.get $oy) (local.get $OW))))
          (else
            ;; the pixel after the previous tile's last (the cursor starts at 0, 0, -1)
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (if (i32.ge_s (local.get $ox) (local.get $OW))
              (then
                (local.set $ox (i32.const 0))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (if (i32.eq (local.get $oy) (local.get $OH))
                  (then (local.set $oy (i32.const 0)) (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
        (local.set $b0 (i32.add (i32.add (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $imageBytes)))
          (i32.mul (i32.mul (local.get $oy) (local.get $sh)) (local.get $rowBytes))) (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $pixBytes))))
        (if (i32.lt_u (i32.add (local.get $f) (i32.const 1)) (local.get $total))
          (then
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (if (i32.eq (local.get $ox) (local.get $OW))
              (then
                (local.set $ox (i32.const 0))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (if (i32.eq (local.get $oy) (local.get $OH))
                  (then (local.set $oy (i32.const 0)) (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
        (local.set $b1 (i32.add (i32.add (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $imageBytes)))
          (i32.mul (i32.mul (local.get $oy) (local.get $sh)) (local.get $rowBytes))) (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $pixBytes))))
        (if (i32.lt_u (i32.add (local.get $f) (i32.const 2)) (local.get $total))
          (then
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (if (i32.eq (local.get $ox) (local.get $OW))
              (then
                (local.set $ox (i32.const 0))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (if (i32.eq (local.get $oy) (local.get $OH))
                  (then (local.set $oy (i32.const 0)) (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
        (local.set $b2 (i32.add (i32.add (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $imageBytes)))
          (i32.mul (i32.mul (local.get $oy) (local.get $sh)) (local.get $rowBytes))) (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $pixBytes))))
        (if (i32.lt_u (i32.add (local.get $f) (i32.const 3)) (local.get $total))
          (then
            (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
            (if (i32.eq (local.get $ox) (local.get $OW))
              (then
                (local.set $ox (i32.const 0))
                (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
                (if (i32.eq (local.get $oy) (local.get $OH))
                  (then (local.set $oy (i32.const 0)) (local.set $n (i32.add (local.get $n) (i32.const 1)))))))))
        (local.set $b3 (i32.add (i32.add (i32.add (local.get $x) (i32.mul (local.get $n) (local.get $imageBytes)))
          (i32.mul (i32.mul (local.get $oy) (local.get $sh)) (local.get $rowBytes))) (i32.mul (i32.mul (local.get $ox) (local.get $sw)) (local.get $pixBytes))))
        (local.set $o0 (i32.add (local.get $out) (i32.mul (local.get $f) (local.get $outPix))))
        ;; where pixels 1-3 are stored, relative to pixel 0 (a pixel past the last is stored over the last)
        (local.set $e1 (i32.mul (select (i32.const 1) (i32.sub (i32.sub (local.get $total) (local.get $f)) (i32.const 1)) (i32.lt_u (i32.add (local.get $f) (i32.const 1)) (local.get $total))) (local.get $outPix)))
        (local.set $e2 (i32.mul (select (i32.const 2) (i32.sub (i32.sub (local.get $total) (local.get $f)) (i32.const 1)) (i32.lt_u (i32.add (local.get $f) (i32.const 2)) (local.get $total))) (local.get $outPix)))
        (local.set $e3 (i32.mul (select (i32.const 3) (i32.sub (i32.sub (local.get $total) (local.get $f)) (i32.const 1)) (i32.lt_u (i32.add (local.get $f) (i32.const 3)) (local.get $total))) (local.get $outPix)))
        (local.set $pw (local.get $w))
        (local.set $cob (i32.const 0))
        (loop $cobLoop
          ;; the accumulators start at the bias (if any)
          (local.set $w0 (v128.const i32x4 0 0 0 0))
          (local.set $w1 (v128.const i32x4 0 0 0 0))
          (if (local.get $bias)
            (then
              (local.set $w0 (v128.load (i32.add (local.get $bias) (i32.shl (local.get $cob) (i32.const 2)))))
              (local.set $w1 (v128.load offset=16 (i32.add (local.get $bias) (i32.shl (local.get $cob) (i32.const 2)))))))
          (local.set $a00 (local.get $w0)) (local.set $a01 (local.get $w1))
          (local.set $a10 (local.get $w0)) (local.set $a11 (local.get $w1))
          (local.set $a20 (local.get $w0)) (local.set $a21 (local.get $w1))
          (local.set $a30 (local.get $w0)) (local.set $a31 (local.get $w1))
          (local.set $ty (i32.const 0))
          (loop $tyLoop
            (local.set $q0 (i32.add (local.get $b0) (i32.mul (local.get $ty) (local.get $rowBytes))))
            (local.set $q1 (i32.add (local.get $b1) (i32.mul (local.get $ty) (local.get $rowBytes))))
            (local.set $q2 (i32.add (local.get $b2) (i32.mul (local.get $ty) (local.get $rowBytes))))
            (local.set $q3 (i32.add (local.get $b3) (i32.mul (local.get $ty) (local.get $rowBytes))))
            (local.set $qEnd (i32.add (local.get $q0) (local.get $tapBytes)))
            (loop $ciLoop
              (local.set $w0 (v128.load (local.get $pw)))
              (local.set $w1 (v128.load offset=16 (local.get $pw)))
              (local.set $s (v128.load32_splat (local.get $q0)))
              (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s) (local.get $w0))))
              (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s) (local.get $w1))))
              (local.set $s (v128.load32_splat (local.get $q1)))
              (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s) (local.get $w0))))
              (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s) (local.get $w1))))
              (local.set $s (v128.load32_splat (local.get $q2)))
              (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $s) (local.get $w0))))
              (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $s) (local.get $w1))))
              (local.set $s (v128.load32_splat (local.get $q3)))
              (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $s) (local.get $w0))))
              (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $s) (local.get $w1))))
              (local.set $q1 (i32.add (local.get $q1) (i32.const 4)))
              (local.set $q2 (i32.add (local.get $q2) (i32.const 4)))
              (local.set $q3 (i32.add (local.get $q3) (i32.const 4)))
              (local.set $pw (i32.add (local.get $pw) (i32.const 32)))
              (local.set $q0 (i32.add (local.get $q0) (i32.const 4)))
              (br_if $ciLoop (i32.lt_u (local.get $q0) (local.get $qEnd))))
            (local.set $ty (i32.add (local.get $ty) (i32.const 1)))
            (br_if $tyLoop (i32.lt_u (local.get $ty) (local.get $KH))))
          (if (local.get $relu)
            (then
              (local.set $a00 (f32x4.max (local.get $a00) (v128.const i32x4 0 0 0 0)))
              (local.set $a01 (f32x4.max (local.get $a01) (v128.const i32x4 0 0 0 0)))
              (local.set $a10 (f32x4.max (local.get $a10) (v128.const i32x4 0 0 0 0)))
              (local.set $a11 (f32x4.max (local.get $a11) (v128.const i32x4 0 0 0 0)))
              (local.set $a20 (f32x4.max (local.get $a20) (v128.const i32x4 0 0 0 0)))
              (local.set $a21 (f32x4.max (local.get $a21) (v128.const i32x4 0 0 0 0)))
              (local.set $a30 (f32x4.max (local.get $a30) (v128.const i32x4 0 0 0 0)))
              (local.set $a31 (f32x4.max (local.get $a31) (v128.const i32x4 0 0 0 0)))))
          (v128.store offset=0 (local.get $o0) (local.get $a00))
          (v128.store offset=16 (local.get $o0) (local.get $a01))
          (v128.store offset=0 (i32.add (local.get $o0) (local.get $e1)) (local.get $a10))
          (v128.store offset=16 (i32.add (local.get $o0) (local.get $e1)) (local.get $a11))
          (v128.store offset=0 (i32.add (local.get $o0) (local.get $e2)) (local.get $a20))
          (v128.store offset=16 (i32.add (local.get $o0) (local.get $e2)) (local.get $a21))
          (v128.store offset=0 (i32.add (local.get $o0) (local.get $e3)) (local.get $a30))
          (v128.store offset=16 (i32.add (local.get $o0) (local.get $e3)) (local.get $a31))
          (local.set $o0 (i32.add (local.get $o0) (i32.const 32)))
          (local.set $cob (i32.add (local.get $cob) (i32.const 8)))
          (br_if $cobLoop (i32.lt_u (local.get $cob) (local.get $Cout))))
        (local.set $f (i32.add (local.get $f) (i32.const 4)))
        (br $tiles)))))
