;; edge-mt's own SIMD kernels for the recurrent inference graph (built by `npm run build:kernels`
;; into edge-kernels.wasm next to this file; tests/unit/fused-inference.test.ts checks that the
;; committed binary is this source's build).
;;
;; The module has no memory of its own: it imports tfjs-backend-wasm's WebAssembly.Memory, so
;; every pointer below is a byte offset into the tfjs heap and the kernels read and write tensor
;; data in place (src/backend/edge-kernels.ts passes tensors' memoryOffset).
;;
;; Arithmetic:
;;  - matrix-vector products take int8 weights [N rows = output channels, K] with one float32
;;    scale per row (per output channel, as the weight file stores them) and int16 activations
;;    with one float32 scale per vector segment (quant16: symmetric, 16383 levels, so |error|
;;    ≤ max|x|/32766 per element). Products are i16×i16 pairs summed into i32 lanes
;;    (i32x4.dot_i16x8_s): exact while K·16383·127/4 < 2³¹, i.e. K ≤ 4096 per segment;
;;  - exp is a degree-6 polynomial after range reduction (relative error < 2e-7 on
;;    [-87, 88]); σ(x) = 1/(1+e^-x), tanh(x) = 2σ(2x) − 1.
;; Lengths noted "×8" must be multiples of 8; other lengths may be anything ≥ 0.
(module
  (import "env" "memory" (memory 0))

  ;; ------------------------------------------------------------------ exp, σ, tanh
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -87.3 -87.3 -87.3 -87.3))
                             (v128.const f32x4 88.3 88.3 88.3 88.3)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
    ;; r = x − n·ln2, ln2 split in a high part exact in float32 and a low part
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    ;; p = 1 + r + r²/2 + … + r⁶/720 (Horner)
    (local.set $p (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 0.166666667 0.166666667 0.166666667 0.166666667)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
    ;; × 2ⁿ built in the exponent bits (n ∈ [-126, 127] after the clamp)
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  (func $sigmoid4 (param $x v128) (result v128)
    (f32x4.div (v128.const f32x4 1 1 1 1)
      (f32x4.add (v128.const f32x4 1 1 1 1) (call $exp4 (f32x4.neg (local.get $x))))))

  (func $tanh4 (param $x v128) (result v128)
    (f32x4.sub
      (f32x4.mul (v128.const f32x4 2 2 2 2) (call $sigmoid4 (f32x4.add (local.get $x) (local.get $x))))
      (v128.const f32x4 1 1 1 1)))

  ;; In place over n floats: kind 1 = σ, 2 = tanh (anything else leaves them).
  (func (export "activate") (param $p i32) (param $n i32) (param $kind i32)
    (local $i i32) (local $a i32) (local $v v128)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
      (if (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $n))
        (then (local.set $v (v128.load (local.get $a))))
        (else (local.set $v (f32x4.splat (f32.load (local.get $a))))))
      (if (i32.eq (local.get $kind) (i32.const 1)) (then (local.set $v (call $sigmoid4 (local.get $v)))))
      (if (i32.eq (local.get $kind) (i32.const 2)) (then (local.set $v (call $tanh4 (local.get $v)))))
      (if (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $n))
        (then (v128.store (local.get $a) (local.get $v)) (local.set $i (i32.add (local.get $i) (i32.const 4))))
        (else (f32.store (local.get $a) (f32x4.extract_lane 0 (local.get $v))) (local.set $i (i32.add (local.get $i) (i32.const 1)))))
      (br $l))))

  ;; ------------------------------------------------------------------ quantization
  ;; n floats at src → n8 int16 at dst (n8 = n rounded up to ×8, zeros after n); returns the
  ;; scale s with x ≈ s·q (0 when every x is 0).
  (func (export "quant16") (param $src i32) (param $n i32) (param $dst i32) (result f32)
    (local $i i32) (local $m v128) (local $mx f32) (local $inv f32) (local $vinv v128) (local $n4 i32) (local $n8 i32)
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (local.set $n8 (i32.and (i32.add (local.get $n) (i32.const 7)) (i32.const -8)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n4)))
      (local.set $m (f32x4.max (local.get $m) (f32x4.abs (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $l)))
    (local.set $mx (f32.max (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
                            (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
    (block $done2 (loop $l2
      (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $mx (f32.max (local.get $mx) (f32.abs (f32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    (if (f32.gt (local.get $mx) (f32.const 0)) (then (local.set $inv (f32.div (f32.const 16383) (local.get $mx)))))
    (local.set $vinv (f32x4.splat (local.get $inv)))
    ;; whole groups of 8
    (local.set $i (i32.const 0))
    (block $done3 (loop $l3
      (br_if $done3 (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $n)))
      (v128.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
        (i16x8.narrow_i32x4_s
          (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (local.get $vinv))))
          (i32x4.trunc_sat_f32x4_s (f32x4.nearest (f32x4.mul (v128.load (i32.add (local.get $src) (i32.add (i32.shl (local.get $i) (i32.const 2)) (i32.const 16)))) (local.get $vinv))))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $l3)))
    ;; the rest one by one, then zeros up to n8
    (block $done4 (loop $l4
      (br_if $done4 (i32.ge_u (local.get $i) (local.get $n8)))
      (i32.store16 (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1)))
        (if (result i32) (i32.lt_u (local.get $i) (local.get $n))
          (then (i32.trunc_sat_f32_s (f32.nearest (f32.mul (f32.load (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 2)))) (local.get $inv)))))
          (else (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l4)))
    (if (result f32) (f32.gt (local.get $mx) (f32.const 0))
      (then (f32.div (local.get $mx) (f32.const 16383)))
      (else (f32.const 0))))

  ;; ------------------------------------------------------------------ int8 matrix × int16 vector
  ;; out[j] += (Σ_k w[j·stride + k]·xq[k]) · xs · ws[j] for j < n, k < k8 (×8).
  ;; w: int8 rows of `stride` bytes (this segment's first column); ws: n float32 scales.
  (func (export "gemv") (param $xq i32) (param $xs f32) (param $k8 i32) (param $w i32) (param $stride i32) (param $ws i32) (param $n i32) (param $out i32)
    (local $j i32) (local $k i32) (local $x v128)
    (local $w0 i32) (local $w1 i32) (local $w2 i32) (local $w3 i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s v128) (local $o i32)
    (block $done (loop $rows
      (br_if $done (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $n)))
      (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $w1 (i32.add (local.get $w0) (local.get $stride)))
      (local.set $w2 (i32.add (local.get $w1) (local.get $stride)))
      (local.set $w3 (i32.add (local.get $w2) (local.get $stride)))
      (local.set $a0 (v128.const i32x4 0 0 0 0)) (local.set $a1 (v128.const i32x4 0 0 0 0))
      (local.set $a2 (v128.const i32x4 0 0 0 0)) (local.set $a3 (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (block $kdone (loop $ks
        (br_if $kdone (i32.ge_u (local.get $k) (local.get $k8)))
        (local.set $x (v128.load (i32.add (local.get $xq) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $a0 (i32x4.add (local.get $a0) (i32x4.dot_i16x8_s (local.get $x) (v128.load8x8_s (i32.add (local.get $w0) (local.get $k))))))
        (local.set $a1 (i32x4.add (local.get $a1) (i32x4.dot_i16x8_s (local.get $x) (v128.load8x8_s (i32.add (local.get $w1) (local.get $k))))))
        (local.set $a2 (i32x4.add (local.get $a2) (i32x4.dot_i16x8_s (local.get $x) (v128.load8x8_s (i32.add (local.get $w2) (local.get $k))))))
        (local.set $a3 (i32x4.add (local.get $a3) (i32x4.dot_i16x8_s (local.get $x) (v128.load8x8_s (i32.add (local.get $w3) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $ks)))
      ;; horizontal sums: transpose-add the four accumulators into one vector of four sums
      (local.set $a0 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
                                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
      (local.set $a2 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
                                (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
      ;; a0 = [s0a s0b s1a s1b], a2 = [s2a s2b s3a s3b]
      (local.set $s (i32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a0) (local.get $a2))
                               (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a0) (local.get $a2))))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
      (v128.store (local.get $o)
        (f32x4.add (v128.load (local.get $o))
          (f32x4.mul (f32x4.mul (f32x4.convert_i32x4_s (local.get $s)) (f32x4.splat (local.get $xs)))
                     (v128.load (i32.add (local.get $ws) (i32.shl (local.get $j) (i32.const 2)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br $rows)))
    ;; remaining rows one at a time
    (block $done1 (loop $row1
      (br_if $done1 (i32.ge_u (local.get $j) (local.get $n)))
      (local.set $w0 (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $a0 (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (block $kdone1 (loop $ks1
        (br_if $kdone1 (i32.ge_u (local.get $k) (local.get $k8)))
        (local.set $a0 (i32x4.add (local.get $a0)
          (i32x4.dot_i16x8_s (v128.load (i32.add (local.get $xq) (i32.shl (local.get $k) (i32.const 1))))
                             (v128.load8x8_s (i32.add (local.get $w0) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $ks1)))
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
      (f32.store (local.get $o)
        (f32.add (f32.load (local.get $o))
          (f32.mul (f32.mul (f32.convert_i32_s
              (i32.add (i32.add (i32x4.extract_lane 0 (local.get $a0)) (i32x4.extract_lane 1 (local.get $a0)))
                       (i32.add (i32x4.extract_lane 2 (local.get $a0)) (i32x4.extract_lane 3 (local.get $a0)))))
              (local.get $xs))
            (f32.load (i32.add (local.get $ws) (i32.shl (local.get $j) (i32.const 2)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $row1))))

  ;; Four activation rows at once (beam rows, encoder positions), so each weight is read once:
  ;; out[r·ostride + j] += (Σ_k w[j·stride + k]·xq[r·xstride + k]) · xs[r] · ws[j], r < 4,
  ;; j < n2 (even; the caller does an odd last row with gemv), k < k8 (×8). Strides in bytes.
  (func (export "gemv4") (param $xq i32) (param $xstride i32) (param $xs i32) (param $k8 i32) (param $w i32) (param $stride i32) (param $ws i32) (param $n2 i32) (param $out i32) (param $ostride i32)
    (local $j i32) (local $k i32) (local $pa i32) (local $pb i32) (local $x1 i32) (local $x2 i32) (local $x3 i32)
    (local $wa v128) (local $wb v128) (local $x v128)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $s01 v128) (local $s23 v128) (local $wsv v128) (local $o i32)
    (local.set $x1 (i32.add (local.get $xq) (local.get $xstride)))
    (local.set $x2 (i32.add (local.get $x1) (local.get $xstride)))
    (local.set $x3 (i32.add (local.get $x2) (local.get $xstride)))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $j) (local.get $n2)))
      (local.set $pa (i32.add (local.get $w) (i32.mul (local.get $j) (local.get $stride))))
      (local.set $pb (i32.add (local.get $pa) (local.get $stride)))
      (local.set $a00 (v128.const i32x4 0 0 0 0)) (local.set $a01 (v128.const i32x4 0 0 0 0))
      (local.set $a10 (v128.const i32x4 0 0 0 0)) (local.set $a11 (v128.const i32x4 0 0 0 0))
      (local.set $a20 (v128.const i32x4 0 0 0 0)) (local.set $a21 (v128.const i32x4 0 0 0 0))
      (local.set $a30 (v128.const i32x4 0 0 0 0)) (local.set $a31 (v128.const i32x4 0 0 0 0))
      (local.set $k (i32.const 0))
      (block $kdone (loop $ks
        (br_if $kdone (i32.ge_u (local.get $k) (local.get $k8)))
        (local.set $wa (v128.load8x8_s (i32.add (local.get $pa) (local.get $k))))
        (local.set $wb (v128.load8x8_s (i32.add (local.get $pb) (local.get $k))))
        (local.set $x (v128.load (i32.add (local.get $xq) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $a00 (i32x4.add (local.get $a00) (i32x4.dot_i16x8_s (local.get $x) (local.get $wa))))
        (local.set $a01 (i32x4.add (local.get $a01) (i32x4.dot_i16x8_s (local.get $x) (local.get $wb))))
        (local.set $x (v128.load (i32.add (local.get $x1) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $a10 (i32x4.add (local.get $a10) (i32x4.dot_i16x8_s (local.get $x) (local.get $wa))))
        (local.set $a11 (i32x4.add (local.get $a11) (i32x4.dot_i16x8_s (local.get $x) (local.get $wb))))
        (local.set $x (v128.load (i32.add (local.get $x2) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $a20 (i32x4.add (local.get $a20) (i32x4.dot_i16x8_s (local.get $x) (local.get $wa))))
        (local.set $a21 (i32x4.add (local.get $a21) (i32x4.dot_i16x8_s (local.get $x) (local.get $wb))))
        (local.set $x (v128.load (i32.add (local.get $x3) (i32.shl (local.get $k) (i32.const 1)))))
        (local.set $a30 (i32x4.add (local.get $a30) (i32x4.dot_i16x8_s (local.get $x) (local.get $wa))))
        (local.set $a31 (i32x4.add (local.get $a31) (i32x4.dot_i16x8_s (local.get $x) (local.get $wb))))
        (local.set $k (i32.add (local.get $k) (i32.const 8)))
        (br $ks)))
      ;; [Σa00, Σa01, Σa10, Σa11] and [Σa20, Σa21, Σa30, Σa31] by transpose-adds (as in gemv)
      (local.set $a00 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a00) (local.get $a01))
                                 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a00) (local.get $a01))))
      (local.set $a10 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a10) (local.get $a11))
                                 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a10) (local.get $a11))))
      (local.set $s01 (i32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a00) (local.get $a10))
                                 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a00) (local.get $a10))))
      (local.set $a20 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a20) (local.get $a21))
                                 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a20) (local.get $a21))))
      (local.set $a30 (i32x4.add (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a30) (local.get $a31))
                                 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a30) (local.get $a31))))
      (local.set $s23 (i32x4.add (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $a20) (local.get $a30))
                                 (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $a20) (local.get $a30))))
      ;; scale: [ws_j, ws_j+1, ws_j, ws_j+1] × [xs0, xs0, xs1, xs1] (then xs2, xs3)
      (local.set $wsv (v128.load64_splat (i32.add (local.get $ws) (i32.shl (local.get $j) (i32.const 2)))))
      ;; (sum · xs) · ws, the order gemv uses, so a row's result does not depend on its batch
      (local.set $s01 (f32x4.mul (f32x4.mul (f32x4.convert_i32x4_s (local.get $s01))
        (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (v128.load64_zero (local.get $xs)) (v128.const i32x4 0 0 0 0))) (local.get $wsv)))
      (local.set $s23 (f32x4.mul (f32x4.mul (f32x4.convert_i32x4_s (local.get $s23))
        (i8x16.shuffle 0 1 2 3 0 1 2 3 4 5 6 7 4 5 6 7 (v128.load64_zero (i32.add (local.get $xs) (i32.const 8))) (v128.const i32x4 0 0 0 0))) (local.get $wsv)))
      ;; accumulate into the four output rows (two adjacent floats each)
      (local.set $o (i32.add (local.get $out) (i32.shl (local.get $j) (i32.const 2))))
      (v128.store64_lane 0 (local.get $o) (f32x4.add (v128.load64_zero (local.get $o)) (local.get $s01)))
      (local.set $o (i32.add (local.get $o) (local.get $ostride)))
      (v128.store64_lane 0 (local.get $o) (f32x4.add (v128.load64_zero (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s01) (local.get $s01))))
      (local.set $o (i32.add (local.get $o) (local.get $ostride)))
      (v128.store64_lane 0 (local.get $o) (f32x4.add (v128.load64_zero (local.get $o)) (local.get $s23)))
      (local.set $o (i32.add (local.get $o) (local.get $ostride)))
      (v128.store64_lane 0 (local.get $o) (f32x4.add (v128.load64_zero (local.get $o)) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s23) (local.get $s23))))
      (local.set $j (i32.add (local.get $j) (i32.const 2)))
      (br $rows))))

  ;; ------------------------------------------------------------------ cell updates
  ;; GRU: xp, hp = [z; r; n] pre-activations [3H] of x·W + b_x and h·U + b_h;
  ;; z = σ(xz + hz), r = σ(xr + hr), n = tanh(xn + r ⊙ hn), out = n + z ⊙ (h − n).
  (func $gru4 (param $xp i32) (param $hp i32) (param $h i32) (param $out i32) (param $hb i32) (param $scalar i32)
    (local $z v128) (local $r v128) (local $n v128) (local $hv v128) (local $res v128)
    (if (local.get $scalar)
      (then
        (local.set $z (f32x4.splat (f32.add (f32.load (local.get $xp)) (f32.load (local.get $hp)))))
        (local.set $r (f32x4.splat (f32.add (f32.load (i32.add (local.get $xp) (local.get $hb))) (f32.load (i32.add (local.get $hp) (local.get $hb))))))
        (local.set $n (f32x4.splat (f32.load (i32.add (local.get $xp) (i32.shl (local.get $hb) (i32.const 1))))))
        (local.set $res (f32x4.splat (f32.load (i32.add (local.get $hp) (i32.shl (local.get $hb) (i32.const 1))))))
        (local.set $hv (f32x4.splat (f32.load (local.get $h)))))
      (else
        (local.set $z (f32x4.add (v128.load (local.get $xp)) (v128.load (local.get $hp))))
        (local.set $r (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $hb))) (v128.load (i32.add (local.get $hp) (local.get $hb)))))
        (local.set $n (v128.load (i32.add (local.get $xp) (i32.shl (local.get $hb) (i32.const 1)))))
        (local.set $res (v128.load (i32.add (local.get $hp) (i32.shl (local.get $hb) (i32.const 1)))))
        (local.set $hv (v128.load (local.get $h)))))
    (local.set $z (call $sigmoid4 (local.get $z)))
    (local.set $r (call $sigmoid4 (local.get $r)))
    (local.set $n (call $tanh4 (f32x4.add (local.get $n) (f32x4.mul (local.get $r) (local.get $res)))))
    (local.set $res (f32x4.add (local.get $n) (f32x4.mul (local.get $z) (f32x4.sub (local.get $hv) (local.get $n)))))
    (if (local.get $scalar)
      (then (f32.store (local.get $out) (f32x4.extract_lane 0 (local.get $res))))
      (else (v128.store (local.get $out) (local.get $res)))))

  (func (export "gru_update") (param $xp i32) (param $hp i32) (param $h i32) (param $out i32) (param $H i32)
    (local $i i32) (local $o i32) (local $hb i32)
    (local.set $hb (i32.shl (local.get $H) (i32.const 2)))
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $H)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (call $gru4 (i32.add (local.get $xp) (local.get $o)) (i32.add (local.get $hp) (local.get $o)) (i32.add (local.get $h) (local.get $o))
        (i32.add (local.get $out) (local.get $o)) (local.get $hb) (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $H)))
      (local.set $i (i32.add (local.get $i) (select (i32.const 1) (i32.const 4) (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $H)))))
      (br $l))))

  ;; LSTM: pre-activations [i; f; g; o] [4H] of x·W + b_x and h·U + b_h; state c [H];
  ;; c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g), h' = σ(o) ⊙ tanh(c').
  (func $lstm4 (param $xp i32) (param $hp i32) (param $c i32) (param $outh i32) (param $outc i32) (param $hb i32) (param $scalar i32)
    (local $gi v128) (local $gf v128) (local $gg v128) (local $go v128) (local $cv v128) (local $k i32)
    (if (local.get $scalar)
      (then
        (local.set $gi (f32x4.splat (f32.add (f32.load (local.get $xp)) (f32.load (local.get $hp)))))
        (local.set $k (local.get $hb))
        (local.set $gf (f32x4.splat (f32.add (f32.load (i32.add (local.get $xp) (local.get $k))) (f32.load (i32.add (local.get $hp) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $gg (f32x4.splat (f32.add (f32.load (i32.add (local.get $xp) (local.get $k))) (f32.load (i32.add (local.get $hp) (local.get $k))))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $go (f32x4.splat (f32.add (f32.load (i32.add (local.get $xp) (local.get $k))) (f32.load (i32.add (local.get $hp) (local.get $k))))))
        (local.set $cv (f32x4.splat (f32.load (local.get $c)))))
      (else
        (local.set $gi (f32x4.add (v128.load (local.get $xp)) (v128.load (local.get $hp))))
        (local.set $k (local.get $hb))
        (local.set $gf (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $hp) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $gg (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $hp) (local.get $k)))))
        (local.set $k (i32.add (local.get $k) (local.get $hb)))
        (local.set $go (f32x4.add (v128.load (i32.add (local.get $xp) (local.get $k))) (v128.load (i32.add (local.get $hp) (local.get $k)))))
        (local.set $cv (v128.load (local.get $c)))))
    (local.set $cv (f32x4.add (f32x4.mul (call $sigmoid4 (local.get $gf)) (local.get $cv))
                              (f32x4.mul (call $sigmoid4 (local.get $gi)) (call $tanh4 (local.get $gg)))))
    (local.set $go (f32x4.mul (call $sigmoid4 (local.get $go)) (call $tanh4 (local.get $cv))))
    (if (local.get $scalar)
      (then (f32.store (local.get $outc) (f32x4.extract_lane 0 (local.get $cv)))
            (f32.store (local.get $outh) (f32x4.extract_lane 0 (local.get $go))))
      (else (v128.store (local.get $outc) (local.get $cv))
            (v128.store (local.get $outh) (local.get $go)))))

  (func (export "lstm_update") (param $xp i32) (param $hp i32) (param $c i32) (param $outh i32) (param $outc i32) (param $H i32)
    (local $i i32) (local $o i32) (local $scalar i32)
    (block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $H)))
      (local.set $o (i32.shl (local.get $i) (i32.const 2)))
      (local.set $scalar (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $H)))
      (call $lstm4 (i32.add (local.get $xp) (local.get $o)) (i32.add (local.get $hp) (local.get $o)) (i32.add (local.get $c) (local.get $o))
        (i32.add (local.get $outh) (local.get $o)) (i32.add (local.get $outc) (local.get $o)) (i32.shl (local.get $H) (i32.const 2)) (local.get $scalar))
      (local.set $i (i32.add (local.get $i) (select (i32.const 1) (i32.const 4) (local.get $scalar))))
      (br $l))))

  ;; ------------------------------------------------------------------ attention
  ;; Bahdanau scores with the doubled weights of the inference graph: out[s] =
  ;; Σ_a v[a]·σ(keys[s·A + a] + q[a]), s < S, a < A (×4; padded columns need v = 0).
  (func (export "attn_bahdanau") (param $keys i32) (param $q i32) (param $v i32) (param $S i32) (param $A i32) (param $out i32)
    (local $s i32) (local $a i32) (local $acc v128) (local $row i32)
    (block $done (loop $ls
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $row (i32.add (local.get $keys) (i32.shl (i32.mul (local.get $s) (local.get $A)) (i32.const 2))))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $a (i32.const 0))
      (block $adone (loop $la
        (br_if $adone (i32.ge_u (local.get $a) (local.get $A)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $v) (i32.shl (local.get $a) (i32.const 2))))
            (call $sigmoid4 (f32x4.add (v128.load (i32.add (local.get $row) (i32.shl (local.get $a) (i32.const 2))))
                                       (v128.load (i32.add (local.get $q) (i32.shl (local.get $a) (i32.const 2)))))))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (br $la)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $s) (i32.const 2)))
        (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                 (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $ls))))

  ;; Dot products of rows: out[s] = Σ_d keys[s·D + d]·q[d] (Luong scores), s < S, any D.
  (func (export "dot_rows") (param $keys i32) (param $q i32) (param $S i32) (param $D i32) (param $out i32)
    (local $s i32) (local $d i32) (local $acc v128) (local $row i32) (local $sum f32) (local $d4 i32)
    (local.set $d4 (i32.and (local.get $D) (i32.const -4)))
    (block $done (loop $ls
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $row (i32.add (local.get $keys) (i32.shl (i32.mul (local.get $s) (local.get $D)) (i32.const 2))))
      (local.set $acc (v128.const f32x4 0 0 0 0))
      (local.set $d (i32.const 0))
      (block $ddone (loop $ld
        (br_if $ddone (i32.ge_u (local.get $d) (local.get $d4)))
        (local.set $acc (f32x4.add (local.get $acc)
          (f32x4.mul (v128.load (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                     (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $ld)))
      (local.set $sum (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                               (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
      (block $tdone (loop $lt
        (br_if $tdone (i32.ge_u (local.get $d) (local.get $D)))
        (local.set $sum (f32.add (local.get $sum)
          (f32.mul (f32.load (i32.add (local.get $row) (i32.shl (local.get $d) (i32.const 2))))
                   (f32.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $lt)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $s) (i32.const 2))) (local.get $sum))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $ls))))

  ;; In place softmax over n floats (max-subtracted).
  (func (export "softmax") (param $p i32) (param $n i32)
    (local $i i32) (local $mx f32) (local $sum f32) (local $a i32) (local $e f32)
    (local.set $mx (f32.const -inf))
    (block $d1 (loop $l1
      (br_if $d1 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $mx (f32.max (local.get $mx) (f32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l1)))
    (local.set $i (i32.const 0))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
      (local.set $e (f32x4.extract_lane 0 (call $exp4 (f32x4.splat (f32.sub (f32.load (local.get $a)) (local.get $mx))))))
      (f32.store (local.get $a) (local.get $e))
      (local.set $sum (f32.add (local.get $sum) (local.get $e)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l2)))
    (local.set $i (i32.const 0))
    (block $d3 (loop $l3
      (br_if $d3 (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $a (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))
      (f32.store (local.get $a) (f32.div (f32.load (local.get $a)) (local.get $sum)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l3))))

  ;; out[c] = Σ_s alpha[s]·mem[s·C + c], c < C (any C), s < S: the attention context.
  (func (export "weighted_rows") (param $alpha i32) (param $mem i32) (param $S i32) (param $C i32) (param $out i32)
    (local $s i32) (local $c i32) (local $al f32) (local $va v128) (local $row i32) (local $o i32) (local $c4 i32)
    (local.set $c4 (i32.and (local.get $C) (i32.const -4)))
    (memory.fill (local.get $out) (i32.const 0) (i32.shl (local.get $C) (i32.const 2)))
    (block $done (loop $ls
      (br_if $done (i32.ge_u (local.get $s) (local.get $S)))
      (local.set $al (f32.load (i32.add (local.get $alpha) (i32.shl (local.get $s) (i32.const 2)))))
      (local.set $va (f32x4.splat (local.get $al)))
      (local.set $row (i32.add (local.get $mem) (i32.shl (i32.mul (local.get $s) (local.get $C)) (i32.const 2))))
      (local.set $c (i32.const 0))
      (block $cdone (loop $lc
        (br_if $cdone (i32.ge_u (local.get $c) (local.get $c4)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $o))
          (f32x4.mul (local.get $va) (v128.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $lc)))
      (block $tdone (loop $lt
        (br_if $tdone (i32.ge_u (local.get $c) (local.get $C)))
        (local.set $o (i32.add (local.get $out) (i32.shl (local.get $c) (i32.const 2))))
        (f32.store (local.get $o) (f32.add (f32.load (local.get $o))
          (f32.mul (local.get $al) (f32.load (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lt)))
      (local.set $s (i32.add (local.get $s) (i32.const 1)))
      (br $ls))))
)
