//! The honours register: nominate, public notice on the disclosure
//! board, the chair's approval; competition winners offered for
//! nomination; model workers' yearly care.
