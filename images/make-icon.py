#!/usr/bin/env python3
# Run from the repository root: python3 images/make-icon.py
# Generates images/icon.png (128x128 RGBA): a red rounded square with a white key whose bow is a ring.
import zlib, struct, math
N=128; SS=4
def inside_rr(x,y,r,x0,y0,x1,y1):
    cx=min(max(x,x0+r),x1-r); cy=min(max(y,y0+r),y1-r)
    return (x-cx)**2+(y-cy)**2<=r*r
def shape(x,y):
    if not inside_rr(x,y,22,4,4,124,124): return None
    # key: ring centred (44,64) outer 22 inner 11; shaft from x=60..104, y 58..70; teeth
    d=math.hypot(x-44,y-64)
    white = (11<=d<=22) or (60<=x<=106 and 58<=y<=70) or (84<=x<=92 and 70<=y<=84) or (98<=x<=106 and 70<=y<=90)
    return (255,255,255) if white else (204,0,0)
rows=[]
for j in range(N):
    row=bytearray([0])
    for i in range(N):
        acc=[0,0,0,0]
        for sj in range(SS):
            for si in range(SS):
                c=shape(i+(si+.5)/SS,j+(sj+.5)/SS)
                if c:
                    acc[0]+=c[0];acc[1]+=c[1];acc[2]+=c[2];acc[3]+=255
        n=SS*SS; a=acc[3]//n
        if a: row+=bytes([acc[0]*255//acc[3],acc[1]*255//acc[3],acc[2]*255//acc[3],a])
        else: row+=bytes([0,0,0,0])
    rows.append(bytes(row))
raw=b''.join(rows)
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
png=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',N,N,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
open('images/icon.png','wb').write(png)
print(len(png))
