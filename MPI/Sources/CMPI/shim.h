// Open MPI's C interface. Its handles (MPI_COMM_WORLD, MPI_DOUBLE, MPI_SUM, ...) are macros
// over addresses of globals, which Swift does not import; these functions return them.
#include <mpi.h>

static inline MPI_Comm spectra_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype spectra_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype spectra_mpi_long(void) { return MPI_LONG; }
static inline MPI_Op spectra_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op spectra_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op spectra_mpi_min(void) { return MPI_MIN; }
static inline MPI_Info spectra_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline int spectra_mpi_comm_type_shared(void) { return MPI_COMM_TYPE_SHARED; }
/// The Fortran handle of a communicator (ELPA's "mpi_comm_parent").
static inline int spectra_mpi_comm_c2f(MPI_Comm comm) { return (int)MPI_Comm_c2f(comm); }
static inline MPI_Datatype spectra_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype spectra_mpi_byte(void) { return MPI_BYTE; }
