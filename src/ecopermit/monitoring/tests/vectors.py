"""Public packets used as test vectors, each with where it was published.

CRC verdicts were recomputed here with Appendix A's algorithm; see hj212-notes §6 for the cross-check against
the Java peer guocay/hj212-protocol.
"""

# HJ 212-2017 Appendix C's own example (the standard prints 1C80; its prose says "1C08", a typo) [notes §6].
OFFICIAL = (
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
    b"CP=&&RtdInterval=30&&1C80\r\n"
)
# xiaoyao9184/hj-t212-parser tests: a 2005-style real-time packet, no QN, no Flag, DataTime with milliseconds.
HJT212_PARSER = (
    b"##0139ST=32;CN=2011;PW=123456;MN=LD130133000015;CP=&&DataTime=20160824003817000;B01-Rtd=36.91;"
    b"011-Rtd=231.0,011-Flag=N;060-Rtd=1.803,060-Flag=N&&4980\r\n"
)
# chenqi92/alltobs-hj212 README: Flag=8 (version bits 2), 13-character MN, lower-case CRC.
ALLTOBS = (
    b"##0435QN=20210301111100112;ST=21;CN=2011;PW=123456;MN=ZLDSZ20210127;Flag=8;CP=&&DataTime=20210301111100;"
    b"w01001-Rtd=8.33,w01001-Flag=N;w01009-Rtd=10.15,w01009-Flag=N;w01010-Rtd=9.7,w01010-Flag=N;"
    b"w01014-Rtd=1425,w01014-Flag=N;w01003-Rtd=13.10,w01003-Flag=N;w21011-Rtd=0,w21011-Flag=N;"
    b"w21001-Rtd=3.563168,w21001-Flag=N;w21003-Rtd=0.09055002,w21003-Flag=N;w01019-Rtd=4.102818,"
    b"w01019-Flag=N;w01008-Rtd=0,w01008-Flag=N;w23002-Rtd=0,w23002-Flag=N&&7d00\r\n"
)
# A Java parser's test (2005 codes, no QN, no Flag), lower-case CRC.
WATER_2005 = (
    b"##0178ST=32;CN=2011;PW=123456;MN=0873HHMZWSLH02;CP=&&DataTime=20160103133030;060-Rtd=3.0943,"
    b"060-Flag=N;011-Rtd=18.0412,011-Flag=N;001-Rtd=8.2137,001-Flag=N;B01-Rtd=10.9890,B01-Flag=N&&a9c1\r\n"
)
# A Go project's tests: a 2081 restart notice with an empty PW and lower-case CRC...
RESTART_EMPTY_PW = (
    b"##0131QN=20200428011552615;ST=31;CN=2081;PW=;MN=MYHJ00000000000080011128;Flag=4;"
    b"CP=&&DataTime=20200428011552;RestartTime=20200425120954&&47C0"
)
# ...and the same packet edited by hand (PW filled in) without fixing length or CRC: a negative vector.
RESTART_STALE = (
    b"##0131QN=20200428102058322;ST=31;CN=2081;PW=123456;MN=MYHJ00000000000080011128;Flag=4;"
    b"CP=&&DataTime=20200428102058;RestartTime=20200428100633&&47c0"
)
# libem/HJ212-Moniter: PNO before PNUM and no Flag at all [notes §7].
PNO_NO_FLAG = (
    b"##0204QN=20191112091100598;ST=31;CN=2051;PW=123456;MN=14513567846884;PNO=0002;PNUM=0002;"
    b"CP=&&DataTime=20191112090000;a01006-Avg=101.85,a01006-Min=101.84,a01006-Max=101.87,"
    b"a01006-ValidNum=10,a01006-TotalNum=10&&2800\r\n"
)
# A C code base whose test packets carry CRC-16/MODBUS instead of the HJ 212 CRC [notes §6, VEC S3].
MODBUS_VARIANT = (
    b"##0086QN=20170516010101001;ST=22;CN=1072;PW=123456;MN=ABCDEFG1234567;Flag=3;CP=&&PW=654321&&E476\r\n"
)
# tonyxia2016/HJ212Receiver rx.log: 2005-style packets from real devices (ST=101 has three characters).
RX_0234 = (
    b"##0234ST=101;CN=2011;PW=123456;MN=41050022000017;CP=&&DataTime=20200922110000;a34010-Rtd=2.017,"
    b"a34010-Flag=N;a34009-Rtd=0.522,a34009-Flag=N;ua19004-Rtd=2.017,ua19004-Flag=N;ua19005-Rtd=0.522,"
    b"ua19005-Flag=N;ua19003-Rtd=2.539,ua19003-Flag=N&&3300"
)
_RX_CODES = (
    "112-Rtd=13.780,112-Flag=N;121-Rtd=41.825,121-Flag=N;126-Rtd=20.732,126-Flag=N;127-Rtd=101.253,127-Flag=N;"
    "128-Rtd=32.418,128-Flag=N;129-Rtd=0.000,129-Flag=N;130-Rtd=0.000,130-Flag=N;023-Rtd=15.238,023-Flag=N;"
    "802-Rtd=304.690,802-Flag=N;803-Rtd=312.296,803-Flag=N;808-Rtd=0.743,808-Flag=N;801-Rtd=15.380,801-Flag=N;"
    "811-Rtd=485.335,811-Flag=N;810-Rtd=143.269,810-Flag=N;812-Rtd=5.067,812-Flag=N;806-Rtd=48.871,806-Flag=N;"
    "039-Rtd=62.235,039-Flag=N;805-Rtd=73.277,805-Flag=N;817-Rtd=1.829,817-Flag=N;a99949-Rtd=2973.719,"
    "a99949-Flag=N;a99948-Rtd=618.459,a99948-Flag=N;804-Rtd=414.454,804-Flag=N;040-Rtd=0.000,040-Flag=N;"
    "028-Rtd=50.803,028-Flag=N;029-Rtd=19.837,029-Flag=N;030-Rtd=60.501,030-Flag=N;041-Rtd=4.109,041-Flag=N;"
    "809-Rtd=1.667,809-Flag=N;814-Rtd=0.000,814-Flag=N;038-Rtd=0.000,038-Flag=N;816-Rtd=14.621,816-Flag=N;"
    "813-Rtd=241.456,813-Flag=N;033-Rtd=228.298,033-Flag=N;036-Rtd=777.162,036-Flag=N;807-Rtd=213.272,"
    "807-Flag=N;815-Rtd=1456.821,815-Flag=N"
)
# The same log: 1025 bytes of data (over the standard's 1024) and a CRC that cannot be valid (low byte 65).
RX_1025 = (
    "##1025ST=31;CN=2011;PW=123456;MN=88888880000001;CP=&&DataTime=20200923113557;" + _RX_CODES + "&&7865"
).encode()
# One real split part (931 bytes, Flag=7: 2017, split, answer requested) from a Go project's tests [notes §7].
SPLIT_PART = (
    b"##0931QN=20201029122005355;ST=31;CN=2051;PW=123456;MN=WJTHGY91320509703697203A;Flag=7;PNUM=2;PNO=1;"
    b"CP=&&DataTime=20201029121000;a00000-Min=0.000,a00000-Max=0.000,a00000-Avg=0.000,a00000-Cou=0.000,"
    b"a00000-Flag=B;a01011-Min=0.000,a01011-Max=0.000,a01011-Avg=0.000,a01011-Cou=0.000,a01011-Flag=B;"
    b"a01012-Min=0.000,a01012-Max=0.000,a01012-Avg=0.000,a01012-Cou=0.000,a01012-Flag=B;a01013-Min=0.000,"
    b"a01013-Max=0.000,a01013-Avg=0.000,a01013-Cou=0.000,a01013-Flag=B;a01014-Min=0.000,a01014-Max=0.000,"
    b"a01014-Avg=0.000,a01014-Cou=0.000,a01014-Flag=B;a19001-Min=0.000,a19001-Max=0.000,a19001-Avg=0.000,"
    b"a19001-Cou=0.000,a19001-Flag=B;a21002-Min=0.000,a21002-Max=0.000,a21002-Avg=0.000,a21002-Cou=0.000,"
    b"a21002-ZsMin=0.000,a21002-ZsMax=0.000,a21002-ZsAvg=0.000,a21002-ZsCou=0.000,a21002-Flag=B;"
    b"a21005-Min=0.000,a21005-Max=0.000,a21005-Avg=0.000,a21005-Cou=0.000,a21005-ZsMin=0.000,"
    b"a21005-ZsMax=0.000,a21005-ZsAvg=0.000,a21005-ZsCou=0.000,a21005-Flag=B&&AE41"
)
