# The type of a /proc/vmallocinfo line, decided independently of vmapctl with
# the precedence vmapctl(8) documents. Shared by the gawk baselines of make bench
# and the host tests (awk_types).
function vmi_type() {
	if ($0 ~ / unpurged vm_area$/) return "unpurged"
	if ($3 == "vm_map_ram") return "vm_map_ram"
	if ($0 ~ / ioremap( |$)/) return "ioremap"
	if ($0 ~ / vmalloc( |$)/) return "vmalloc"
	if ($0 ~ / vmap( |$)/) return "vmap"
	if ($0 ~ / sparse( |$)/) return "sparse"
	if ($0 ~ / dma-coherent( |$)/) return "dma-coherent"
	if ($0 ~ / user( |$)/) return "user"
	if ($0 ~ / vpages( |$)/) return "vpages"
	return "other"
}
