# The frame.* fields compared by run-io.sh and written by regen-io
# (sourced). frame.interface_id is shown by tshark for pcapng only.
IO_FIELDS=(frame.number frame.time_epoch frame.len frame.cap_len
	   frame.interface_id frame.encap_type frame.comment)
