import CLapack

/// The activations a backward pass needs: the inputs X^l of every layer (row-major n x fan_in,
/// X^0 the points), phi'(H^l) of every hidden layer, and the outputs f(x_i).
struct ForwardPass {
    let count: Int32
    var inputs: [[Double]]
    var derivatives: [[Double]]
    var outputs: [Double]
}

extension FiniteNetwork {
    func forwardPass(_ points: PointSet) throws(FiniteNetworkError) -> ForwardPass {
        let (n, x0) = try checkedPoints(points)
        var inputs: [[Double]] = [x0]
        var derivatives: [[Double]] = []
        for layer in layers.dropLast() {
            let h = preActivations(layer, input: inputs[inputs.count - 1], count: n)
            inputs.append(h.map(phi))
            derivatives.append(h.map(phiPrime))
        }
        let outputs = preActivations(layers[depth - 1], input: inputs[depth - 1], count: n)
        return ForwardPass(count: n, inputs: inputs, derivatives: derivatives, outputs: outputs)
    }

    /// Back-propagates `seed` (one value per point, the derivative of some quantity with respect
    /// to f(x_i)) and hands each layer l, from the last down to the first, its
    /// Delta^{l+1} = d(quantity_i) / dh^{l+1}_i (row-major n x fan_out) and its input X^l
    /// (row-major n x fan_in). Delta^l = (scale_l Delta^{l+1} W^l) ∘ phi'(H^l), one dgemm per layer.
    /// The layer inputs are released as soon as they have been visited.
    func backPropagate(_ pass: inout ForwardPass, seed: [Double],
                       visit: (_ index: Int, _ layer: Layer, _ delta: [Double], _ input: [Double]) -> Void) {
        let n = pass.count, rows = Int(n)
        var delta = seed
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let layer = layers[l]
            visit(l, layer, delta, pass.inputs[l])
            pass.inputs[l] = []
            if l == 0 { break }
            let out = Int32(layer.fanOut), k = Int32(layer.fanIn)
            var next = [Double](repeating: 0, count: rows * Int(k))
            parameters.withUnsafeBufferPointer { p in
                delta.withUnsafeBufferPointer { d in
                    next.withUnsafeMutableBufferPointer { r in
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, out, layer.scale,
                                    d.baseAddress, out, p.baseAddress! + layer.weights, k, 0.0, r.baseAddress, k)
                    }
                }
            }
            let derivative = pass.derivatives[l - 1]
            for q in 0..<next.count { next[q] *= derivative[q] }
            delta = next
        }
    }

    /// The empirical NTK Theta_hat(x_i, x_j) = <grad_theta f(x_i), grad_theta f(x_j)> on the n
    /// points, without forming the Jacobian (docs/finite-networks.md). With X^l the inputs of layer l and
    /// Delta^{l+1} = df / dh^{l+1} back-propagated from Delta^D = 1, the parameters of layer l
    /// contribute
    ///
    ///   (Delta^{l+1} Delta^{l+1}^T) ∘ (scale_l^2 X^l X^l^T + sb2 + beta^2),
    ///
    /// each Gram by `cblas_dsyrk`. Cost O(D n^2 m + D n m^2 + n d m), memory about
    /// (2 D - 1) n m + 3 n^2 Doubles (the activations and phi'(H) of every hidden layer).
    /// The result is the upper triangle of a `SymmetricMatrix`.
    public func empiricalNTK(_ points: PointSet) throws(FiniteNetworkError) -> SymmetricMatrix {
        var pass = try forwardPass(points)
        let n = pass.count, rows = Int(n)
        var theta = [Double](repeating: 0, count: rows * rows)
        var gradGram = [Double](repeating: 0, count: rows * rows)
        var inputGram = [Double](repeating: 0, count: rows * rows)
        let biasTerm = biasVariance + beta * beta
        backPropagate(&pass, seed: [Double](repeating: 1, count: rows)) { _, layer, delta, input in
            let out = Int32(layer.fanOut), k = Int32(layer.fanIn)
            // Gram matrices of the rows of Delta^{l+1} (n x out) and X^l (n x in): these are the
            // column-major matrices Delta^T (out x n) and X^T, so dsyrk runs with Trans.
            delta.withUnsafeBufferPointer { d in
                gradGram.withUnsafeMutableBufferPointer { g in
                    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, n, out, 1.0, d.baseAddress, out, 0.0,
                                g.baseAddress, n)
                }
            }
            input.withUnsafeBufferPointer { xb in
                inputGram.withUnsafeMutableBufferPointer { a in
                    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, n, k, layer.scale * layer.scale,
                                xb.baseAddress, k, 0.0, a.baseAddress, n)
                }
            }
            for j in 0..<rows {
                for i in 0...j {
                    let q = i + j * rows
                    theta[q] += gradGram[q] * (inputGram[q] + biasTerm)
                }
            }
        }
        do { return try SymmetricMatrix(order: rows, columnMajor: theta) }
        catch { throw .linearAlgebra(error) }
    }

    /// The squared loss L = (1/2n) sum_i (f(x_i) - y_i)^2 on the points, its gradient with respect
    /// to `parameters` (same layout), and the outputs f(x_i). Per layer, with Delta back-propagated
    /// from the residuals (f(x_i) - y_i) / n:
    /// dL/dW^l = scale_l Delta^{l+1}^T X^l (one dgemm), dL/db^l = sqrt(sb2) 1^T Delta^{l+1},
    /// dL/de^l = beta 1^T Delta^{l+1}.
    public func lossGradient(_ points: PointSet, targets: [Double]) throws(FiniteNetworkError)
        -> (loss: Double, gradient: [Double], outputs: [Double])
    {
        guard targets.count == points.count else {
            throw .targetCountMismatch(points: points.count, targets: targets.count)
        }
        var pass = try forwardPass(points)
        let n = pass.count, rows = Int(n)
        let outputs = pass.outputs
        var residual = [Double](repeating: 0, count: rows)
        var loss = 0.0
        for i in 0..<rows {
            let r = outputs[i] - targets[i]
            loss += r * r
            residual[i] = r / Double(rows)
        }
        loss /= 2 * Double(rows)
        var gradient = [Double](repeating: 0, count: parameterCount)
        let sb = biasVariance.squareRoot()
        backPropagate(&pass, seed: residual) { _, layer, delta, input in
            let out = layer.fanOut, k = layer.fanIn
            gradient.withUnsafeMutableBufferPointer { g in
                delta.withUnsafeBufferPointer { d in
                    input.withUnsafeBufferPointer { x in
                        // (out x n) row-major Delta^T times (n x in) X: dgemm with Trans on Delta.
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(out), Int32(k), n, layer.scale,
                                    d.baseAddress, Int32(out), x.baseAddress, Int32(k), 0.0,
                                    g.baseAddress! + layer.weights, Int32(k))
                    }
                }
                for j in 0..<out {
                    var s = 0.0
                    for i in 0..<rows { s += delta[i * out + j] }
                    g[layer.biases + j] = sb * s
                    g[layer.betaBiases + j] = beta * s
                }
            }
        }
        return (loss, gradient, outputs)
    }
}
