/// Short kernel names for legends: a spec with only the parameters that differ from what the
/// spec would mean without them ("ntk:depth=3,bias_var=0.25" for the canonical
/// "ntk:depth=3,activation=relu,weight_var=2,bias_var=0.25,input_var=2,beta=0,normalize=false").
///
/// The same names as the human formats' (`CatalogueKernel.shortestSpec`). Text that is not a
/// kernel spec is returned unchanged.
public enum KernelLabel {
    public static func short(_ spec: String) -> String {
        (try? KernelSpec.parse(spec))?.kernel.shortestSpec ?? spec
    }
}
