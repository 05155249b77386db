"""Comment threads between the provincial office and the units concerned: on an item (one thread per responsible
unit, which is also where that unit's part is discussed), on a report's item and on a problem."""
