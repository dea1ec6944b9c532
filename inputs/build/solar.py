r"""Irradiance to photovoltaic output: the solar model behind the solar profiles.

The model turns an hourly weather file (global, direct-normal and diffuse
irradiance, ambient temperature) into the available AC output of a PV plant
per MW of inverter (AC) capacity, a number between 0 and 1.  It is a compact
version of the PVWatts chain, written with numpy only so that the default
dataset can be rebuilt without pvlib.

1. **Solar position** (NOAA "General Solar Position Calculations", Spencer's
   Fourier series).  With :math:`N` days in the year, day of year :math:`d`
   and UTC hour :math:`h`, the fractional year is
   :math:`\gamma = 2\pi/N \, (d - 1 + (h - 12)/24)`.

   - equation of time (minutes):
     :math:`E = 229.18\,(0.000075 + 0.001868\cos\gamma - 0.032077\sin\gamma
     - 0.014615\cos 2\gamma - 0.040849\sin 2\gamma)`
   - declination (rad):
     :math:`\delta = 0.006918 - 0.399912\cos\gamma + 0.070257\sin\gamma
     - 0.006758\cos 2\gamma + 0.000907\sin 2\gamma - 0.002697\cos 3\gamma
     + 0.00148\sin 3\gamma`
   - true solar time (minutes): :math:`t_s = 60h + E + 4\lambda`
     (longitude :math:`\lambda` in degrees east, timestamps in UTC)
   - hour angle: :math:`\omega = t_s/4 - 180^\circ`
   - zenith: :math:`\cos\theta_z = \sin\varphi\sin\delta + \cos\varphi\cos\delta\cos\omega`
   - azimuth, clockwise from north:
     :math:`\alpha = 180^\circ + \operatorname{atan2}(\sin\omega,\;
     \cos\omega\sin\varphi - \tan\delta\cos\varphi)`

2. **Plane-of-array irradiance** (isotropic sky, Liu and Jordan).  With the
   sun's unit vector :math:`\hat s` and the module normal :math:`\hat n`
   (tilt :math:`\beta`, azimuth :math:`\alpha_m`), the cosine of the angle
   of incidence is :math:`\cos\theta = \hat s \cdot \hat n` and

   .. math::
      G_{poa} = \mathrm{DNI}\max(\cos\theta, 0)
              + \mathrm{DHI}\,\frac{1 + \cos\beta}{2}
              + \rho\,\mathrm{GHI}\,\frac{1 - \cos\beta}{2}

   with ground albedo :math:`\rho` (0.2).

3. **Single-axis tracker** (optional): a horizontal north-south axis turns
   the modules towards the sun, :math:`R_{ideal} = \operatorname{atan2}(s_E, s_U)`
   (positive: facing east), limited to :math:`\pm R_{max}`.  With
   backtracking (rows do not shade each other) at ground-coverage ratio
   GCR the angle is :math:`R = R_{ideal} - \operatorname{sign}(R_{ideal})
   \arccos(\min(1, |\cos R_{ideal}|/\mathrm{GCR}))` (Lorenzo et al. 2011, as
   in pvlib's ``singleaxis``).  The module tilt is :math:`|R|`, its azimuth
   90° (east) or 270° (west).

4. **Cell temperature** (NOCT model):
   :math:`T_c = T_a + (\mathrm{NOCT} - 20)/800 \cdot G_{poa}` with NOCT 45 °C.

5. **DC output per kW of modules**:
   :math:`p_{dc} = G_{poa}/1000 \cdot (1 + \gamma_T (T_c - 25))` with
   :math:`\gamma_T = -0.004` /K (a loss above 25 °C, a small gain below).

6. **AC output per MW of inverter capacity**:
   :math:`a = \min\big(1,\; r_{dc/ac}\, p_{dc}\,(1 - L_{sys})\,\eta_{inv}\big)`,
   clipped at 0; :math:`L_{sys}` lumps soiling, mismatch, wiring, light-induced
   degradation and outages (PVWatts' default 14 %), :math:`\eta_{inv}` is the
   inverter efficiency, and the ``min`` is inverter clipping.

Timestamps: the PVGIS-SARAH values of ``jabrayil_tmy.csv`` close the balance
:math:`\mathrm{GHI} = \mathrm{DNI}\cos\theta_z + \mathrm{DHI}` to within
1 W/m² when the sun is placed at hh:10 UTC (7 W/m² at hh:00, 14 W/m² at
hh:30), so each hourly value is treated as the instant hh:10 held for the
hour; ``timestamp_offset_minutes`` sets this.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

JABRAYIL_LATITUDE_DEG = 39.33
JABRAYIL_LONGITUDE_DEG = 47.05
PVGIS_TIMESTAMP_OFFSET_MINUTES = 10.0


@dataclass(frozen=True)
class SolarPosition:
    """Solar position per timestamp (all arrays of one length)."""

    zenith_deg: np.ndarray
    azimuth_deg: np.ndarray  # clockwise from north
    declination_deg: np.ndarray
    hour_angle_deg: np.ndarray
    equation_of_time_min: np.ndarray


@dataclass(frozen=True)
class PlaneOfArrayIrradiance:
    """Irradiance on the module plane, W/m2, split into its three parts."""

    beam_w_per_m2: np.ndarray
    sky_diffuse_w_per_m2: np.ndarray
    ground_reflected_w_per_m2: np.ndarray

    @property
    def total_w_per_m2(self) -> np.ndarray:
        return self.beam_w_per_m2 + self.sky_diffuse_w_per_m2 + self.ground_reflected_w_per_m2


def solar_position(
    timestamps_utc: np.ndarray | pd.DatetimeIndex | pd.Series,
    latitude_deg: float,
    longitude_deg: float,
) -> SolarPosition:
    """Sun zenith and azimuth at the given UTC instants (NOAA/Spencer equations)."""
    instants = np.asarray(timestamps_utc, dtype="datetime64[s]")
    days = instants.astype("datetime64[D]")
    years = instants.astype("datetime64[Y]")
    day_of_year = (days - years.astype("datetime64[D]")).astype(np.int64) + 1
    hour_utc = (instants - days).astype("timedelta64[s]").astype(float) / 3600.0
    year_start = years.astype("datetime64[D]")
    days_in_year = ((years + 1).astype("datetime64[D]") - year_start).astype(float)

    fractional_year = 2.0 * np.pi / days_in_year * (day_of_year - 1 + (hour_utc - 12.0) / 24.0)
    g = fractional_year
    equation_of_time_min = 229.18 * (
        0.000075 + 0.001868 * np.cos(g) - 0.032077 * np.sin(g)
        - 0.014615 * np.cos(2 * g) - 0.040849 * np.sin(2 * g)
    )
    declination = (
        0.006918 - 0.399912 * np.cos(g) + 0.070257 * np.sin(g)
        - 0.006758 * np.cos(2 * g) + 0.000907 * np.sin(2 * g)
        - 0.002697 * np.cos(3 * g) + 0.00148 * np.sin(3 * g)
    )
    true_solar_time_min = hour_utc * 60.0 + equation_of_time_min + 4.0 * longitude_deg
    hour_angle = np.radians(true_solar_time_min / 4.0 - 180.0)
    latitude = np.radians(latitude_deg)

    cos_zenith = (np.sin(latitude) * np.sin(declination)
                  + np.cos(latitude) * np.cos(declination) * np.cos(hour_angle))
    zenith = np.arccos(np.clip(cos_zenith, -1.0, 1.0))
    azimuth = np.pi + np.arctan2(
        np.sin(hour_angle),
        np.cos(hour_angle) * np.sin(latitude) - np.tan(declination) * np.cos(latitude),
    )
    return SolarPosition(
        zenith_deg=np.degrees(zenith),
        azimuth_deg=np.degrees(azimuth) % 360.0,
        declination_deg=np.degrees(declination),
        hour_angle_deg=np.degrees(hour_angle),
        equation_of_time_min=equation_of_time_min,
    )


def _unit_vector_east_north_up(zenith_deg: np.ndarray, azimuth_deg: np.ndarray) -> np.ndarray:
    """Unit vector (east, north, up) of a direction given by zenith and azimuth, shape (3, n)."""
    zenith = np.radians(zenith_deg)
    azimuth = np.radians(azimuth_deg)
    return np.array([
        np.sin(zenith) * np.sin(azimuth),
        np.sin(zenith) * np.cos(azimuth),
        np.cos(zenith),
    ])


def cosine_of_incidence(
    solar_zenith_deg: np.ndarray,
    solar_azimuth_deg: np.ndarray,
    surface_tilt_deg: np.ndarray | float,
    surface_azimuth_deg: np.ndarray | float,
) -> np.ndarray:
    """cos of the angle between the sun and the module normal (negative: sun behind the module)."""
    sun = _unit_vector_east_north_up(solar_zenith_deg, solar_azimuth_deg)
    tilt = np.broadcast_to(np.asarray(surface_tilt_deg, dtype=float), sun.shape[1:])
    azimuth = np.broadcast_to(np.asarray(surface_azimuth_deg, dtype=float), sun.shape[1:])
    normal = _unit_vector_east_north_up(tilt, azimuth)
    return np.sum(sun * normal, axis=0)


def plane_of_array_irradiance(
    direct_normal_w_per_m2: np.ndarray,
    diffuse_horizontal_w_per_m2: np.ndarray,
    global_horizontal_w_per_m2: np.ndarray,
    solar_zenith_deg: np.ndarray,
    solar_azimuth_deg: np.ndarray,
    surface_tilt_deg: np.ndarray | float,
    surface_azimuth_deg: np.ndarray | float,
    albedo: float = 0.2,
) -> PlaneOfArrayIrradiance:
    """Isotropic-sky irradiance on a tilted plane (beam + sky diffuse + ground reflection)."""
    cos_incidence = cosine_of_incidence(
        solar_zenith_deg, solar_azimuth_deg, surface_tilt_deg, surface_azimuth_deg
    )
    sun_up = np.asarray(solar_zenith_deg) < 90.0
    cos_tilt = np.cos(np.radians(np.asarray(surface_tilt_deg, dtype=float)))
    dni = np.clip(np.asarray(direct_normal_w_per_m2, dtype=float), 0.0, None)
    dhi = np.clip(np.asarray(diffuse_horizontal_w_per_m2, dtype=float), 0.0, None)
    ghi = np.clip(np.asarray(global_horizontal_w_per_m2, dtype=float), 0.0, None)
    beam = np.where(sun_up, dni * np.clip(cos_incidence, 0.0, None), 0.0)
    sky_diffuse = dhi * (1.0 + cos_tilt) / 2.0
    ground_reflected = albedo * ghi * (1.0 - cos_tilt) / 2.0
    return PlaneOfArrayIrradiance(
        beam_w_per_m2=beam,
        sky_diffuse_w_per_m2=np.broadcast_to(sky_diffuse, beam.shape).copy(),
        ground_reflected_w_per_m2=np.broadcast_to(ground_reflected, beam.shape).copy(),
    )


def single_axis_tracker_orientation(
    solar_zenith_deg: np.ndarray,
    solar_azimuth_deg: np.ndarray,
    max_rotation_deg: float = 60.0,
    ground_coverage_ratio: float = 0.35,
    backtrack: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Module tilt and azimuth (degrees) of a horizontal north-south single-axis tracker.

    Returns (surface_tilt_deg, surface_azimuth_deg).  At night the modules lie flat.
    """
    sun = _unit_vector_east_north_up(solar_zenith_deg, solar_azimuth_deg)
    sun_east, sun_up = sun[0], sun[2]
    ideal = np.degrees(np.arctan2(sun_east, sun_up))  # positive: facing east
    rotation = ideal
    if backtrack:
        ratio = np.minimum(np.abs(np.cos(np.radians(ideal))) / ground_coverage_ratio, 1.0)
        correction = -np.sign(ideal) * np.degrees(np.arccos(ratio))
        rotation = ideal + correction
    rotation = np.clip(rotation, -max_rotation_deg, max_rotation_deg)
    rotation = np.where(sun_up > 0.0, rotation, 0.0)
    surface_tilt = np.abs(rotation)
    surface_azimuth = np.where(rotation >= 0.0, 90.0, 270.0)
    return surface_tilt, surface_azimuth


def cell_temperature_noct(
    plane_of_array_w_per_m2: np.ndarray,
    ambient_temperature_c: np.ndarray,
    noct_c: float = 45.0,
) -> np.ndarray:
    """Cell temperature, degC: T_amb + (NOCT - 20)/800 * G_poa."""
    ambient = np.asarray(ambient_temperature_c, dtype=float)
    return ambient + (noct_c - 20.0) / 800.0 * plane_of_array_w_per_m2


def pv_availability_per_mw_ac(
    weather: pd.DataFrame,
    tilt_deg: float,
    azimuth_deg: float,
    dc_ac_ratio: float,
    system_loss: float,
    inverter_efficiency: float = 0.97,
    albedo: float = 0.2,
    noct_c: float = 45.0,
    temperature_coefficient_per_k: float = -0.004,
    tracking: str = "fixed",
    max_rotation_deg: float = 60.0,
    ground_coverage_ratio: float = 0.35,
    latitude_deg: float = JABRAYIL_LATITUDE_DEG,
    longitude_deg: float = JABRAYIL_LONGITUDE_DEG,
    timestamp_offset_minutes: float = PVGIS_TIMESTAMP_OFFSET_MINUTES,
) -> np.ndarray:
    """Available AC output per MW of inverter capacity (0..1) for each row of ``weather``.

    ``weather`` holds the columns ``timestamp`` (UTC), ``GHI``, ``DNI``, ``DHI`` (W/m2) and
    ``T_amb`` (degC).  ``tracking`` is ``"fixed"`` (modules at ``tilt_deg``/``azimuth_deg``,
    azimuth clockwise from north, 180 = south) or ``"single_axis"`` (horizontal north-south
    axis with backtracking; ``tilt_deg``/``azimuth_deg`` are then ignored).
    """
    instants = (np.asarray(weather["timestamp"], dtype="datetime64[s]")
                + np.timedelta64(round(timestamp_offset_minutes * 60), "s"))
    position = solar_position(instants, latitude_deg, longitude_deg)
    if tracking == "fixed":
        surface_tilt: np.ndarray | float = tilt_deg
        surface_azimuth: np.ndarray | float = azimuth_deg
    elif tracking == "single_axis":
        surface_tilt, surface_azimuth = single_axis_tracker_orientation(
            position.zenith_deg, position.azimuth_deg, max_rotation_deg, ground_coverage_ratio
        )
    else:
        raise ValueError(f"tracking must be 'fixed' or 'single_axis', not {tracking!r}")

    irradiance = plane_of_array_irradiance(
        weather["DNI"].to_numpy(float),
        weather["DHI"].to_numpy(float),
        weather["GHI"].to_numpy(float),
        position.zenith_deg, position.azimuth_deg, surface_tilt, surface_azimuth, albedo,
    ).total_w_per_m2
    cell_temperature = cell_temperature_noct(irradiance, weather["T_amb"].to_numpy(float), noct_c)
    temperature_factor = 1.0 + temperature_coefficient_per_k * (cell_temperature - 25.0)
    dc_per_kw_dc = irradiance / 1000.0 * temperature_factor
    ac_per_mw_ac = dc_ac_ratio * dc_per_kw_dc * (1.0 - system_loss) * inverter_efficiency
    return np.clip(ac_per_mw_ac, 0.0, 1.0)
